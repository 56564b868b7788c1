import { REGION_CHINESE_NAMES, isRegionName, regionCodeOf } from '../../../kernel/regions';

/** An export the gateway refused or cut short, said in Chinese for the analyst. */
export class ExportFailure extends Error {}

interface ErrorBody {
  errors?: Array<{ message?: string; extensions?: { code?: string; limit?: number; totalCount?: number; region?: string } }>;
}

function refusal(status: number, body: ErrorBody | null): string {
  const error = body?.errors?.[0];
  const extensions = error?.extensions ?? {};
  switch (extensions.code) {
    case 'EXPORT_TOO_LARGE':
      return `导出行数（${extensions.totalCount ?? '?'}）超过上限 ${extensions.limit ?? '?'} 行，请缩小筛选范围。`;
    case 'REGION_UNAVAILABLE':
      return `${isRegionName(extensions.region) ? REGION_CHINESE_NAMES[regionCodeOf(extensions.region)] : '某地'}暂时无法访问，请取消选择该地区后再导出。`;
    case 'RATE_LIMITED':
      return '已有一个导出正在进行，或请求过于频繁，请稍后再试。';
    case 'UNAUTHENTICATED':
      return '令牌无效或已过期，请重新输入机构令牌。';
    case 'FORBIDDEN':
      return '该令牌无权导出这些数据。';
    default:
      return `导出失败（HTTP ${status}${extensions.code ? `，${extensions.code}` : ''}）。`;
  }
}

/** The download's name from `content-disposition` (its UTF-8 `filename*`, else `filename`). */
export function fileNameOf(disposition: string | null, fallback: string): string {
  const encoded = disposition?.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // fall through to the plain name
    }
  }
  return disposition?.match(/filename="([^"]+)"/i)?.[1] ?? fallback;
}

/**
 * GET /export/<list>?<parameters> with the token in the Authorization header (never in the URL), read whole, then
 * saved as a Blob download. A response cut short (the gateway aborts a failed export) rejects while reading, so no
 * partial file is ever saved. Resolves with the file's name and its row count.
 */
export async function downloadExport(token: string, list: string, parameters: URLSearchParams): Promise<{ fileName: string; rows: number | null }> {
  const query = parameters.toString();
  let response: Response;
  try {
    response = await fetch(`/export/${list}${query ? `?${query}` : ''}`, { headers: { authorization: `Bearer ${token}`, accept: 'text/csv' }, cache: 'no-store' });
  } catch {
    throw new ExportFailure('无法连接网关，导出未完成。');
  }
  if (!response.ok) throw new ExportFailure(refusal(response.status, (await response.json().catch(() => null)) as ErrorBody | null));
  let blob: Blob;
  try {
    blob = await response.blob();
  } catch {
    throw new ExportFailure('导出中途中断（某地区未能应答），未保存任何文件，请重试。');
  }
  const fileName = fileNameOf(response.headers.get('content-disposition'), `${list}.csv`);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  const rows = Number(response.headers.get('x-jjj-export-rows'));
  return { fileName, rows: Number.isFinite(rows) && response.headers.has('x-jjj-export-rows') ? rows : null };
}
