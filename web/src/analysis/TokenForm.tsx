import { useState, type FormEvent } from 'react';
import { formatDateTime } from '../format/dates';
import { clearAnalystToken, normaliseToken, readTokenClaims, setAnalystToken } from './analystToken';

/** Who the token says it is, for the bar above the charts. */
function describe(token: string): string {
  const claims = readTokenClaims(token);
  if (!claims) return '令牌格式不正确（不是 JWT），网关会拒绝它。';
  const who = claims.agencyName ? `${claims.agencyName}（${claims.agency ?? '?'}）` : `机构 ${claims.agency ?? '?'}`;
  const expires = claims.expiresAtMs === null ? '' : `，有效至 ${formatDateTime(new Date(claims.expiresAtMs).toISOString())}`;
  const expired = claims.expiresAtMs !== null && claims.expiresAtMs < Date.now() ? '（已过期，请换一个令牌）' : '';
  return `当前令牌：${who}${expires}${expired}`;
}

/**
 * Where the analyst enters an agency token (`npm run token -- --agency tj-samr`, or the development tokens `npm start`
 * prints). A public token is refused here: complaint statistics and exports need an agency.
 */
export function TokenForm({ token }: { token: string | null }) {
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = event.currentTarget.elements.namedItem('token') as HTMLInputElement;
    const value = normaliseToken(input.value);
    const claims = readTokenClaims(value);
    if (!value) return setProblem('请先粘贴机构令牌。');
    if (claims?.kind === 'public') return setProblem('这是公众令牌：分析台需要机构令牌（投诉统计与导出不对公众开放）。');
    setProblem(null);
    input.value = '';
    setAnalystToken(value);
  };

  if (token) {
    return (
      <div className="analysis-token analysis-token-set" data-testid="analysis-token-status">
        <p role="status">{describe(token)}</p>
        <button type="button" className="button button-secondary" data-testid="analysis-token-clear" onClick={clearAnalystToken}>
          退出（清除令牌）
        </button>
      </div>
    );
  }
  return (
    <form className="analysis-token" onSubmit={submit} autoComplete="off" noValidate>
      <label htmlFor="analysis-token-input">机构访问令牌</label>
      <input
        id="analysis-token-input"
        name="token"
        type="password"
        spellCheck={false}
        placeholder="粘贴机构令牌（Bearer 令牌）"
        data-testid="analysis-token-input"
        aria-describedby="analysis-token-help"
      />
      <button type="submit" className="button button-primary" data-testid="analysis-token-save">
        进入分析台
      </button>
      <p id="analysis-token-help" className="hint">
        令牌只保存在本标签页（sessionStorage），关闭标签页即清除，只随请求的 Authorization 头发送。开发环境中 <code>npm start</code> 会打印各地机构令牌，<code>npm run token -- --agency tj-samr</code> 可签发新令牌。
      </p>
      {problem && (
        <p className="field-error" role="alert" data-testid="analysis-token-problem">
          {problem}
        </p>
      )}
    </form>
  );
}
