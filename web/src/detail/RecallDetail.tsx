import { useQuery } from 'urql';
import { Link } from 'wouter';
import { PublicRecallDetailDocument } from '../../../clients/generated/graphql';
import { unavailableRegionsOf } from '../api/responseErrors';
import { formatDay } from '../format/dates';
import { formatCount } from '../format/numbers';
import { hazardTypeLabel, productCategoryLabel, recallRemedyLabel, recallStatusLabel, regionLabel } from '../labels';
import { RiskLevelBadge, WithdrawnBadge } from '../ui/Badges';
import { RegionUnavailableNotice } from '../ui/RegionUnavailableNotice';
import { DetailFields } from './DetailFields';
import { DetailPage, useFocusOnArrival } from './DetailPage';

const listOrNull = (values: readonly string[]) => (values.length > 0 ? values.join('、') : null);

export function RecallDetail({ id }: { id: string }) {
  const [{ data, fetching, error }] = useQuery({ query: PublicRecallDetailDocument, variables: { id } });
  const recall = data?.recall ?? null;
  const heading = useFocusOnArrival<HTMLHeadingElement>(recall !== null);
  const linkedAlerts = recall?.riskAlerts ?? [];
  const missingAlerts = linkedAlerts.filter((alert) => alert === null).length;

  return (
    <DetailPage kind="召回信息" fetching={fetching} error={error} found={recall !== null} title={recall?.productName ?? null}>
      {recall && (
        <article className="detail" data-testid="recall-detail" data-id={recall.id}>
          <p className="detail-kind">
            缺陷产品召回 · {regionLabel(recall.region)} {recall.status === 'CANCELLED' && <WithdrawnBadge />}
          </p>
          <h1 className="detail-title" ref={heading} tabIndex={-1}>
            {recall.productName}
          </h1>
          <RegionUnavailableNotice regions={unavailableRegionsOf(error)} shown="references" />
          <DetailFields
            fields={[
              { label: '召回编号', value: recall.recallNumber },
              { label: '发布日期', value: <time dateTime={recall.announcedAt}>{formatDay(recall.announcedAt)}</time>, testId: 'announced-at' },
              { label: '发布地区', value: regionLabel(recall.region) },
              { label: '召回状态', value: recallStatusLabel(recall.status) },
              { label: '产品名称', value: recall.productName },
              { label: '品牌', value: recall.brand },
              { label: '产品类别', value: productCategoryLabel(recall.productCategory) },
              { label: '型号', value: listOrNull(recall.models) },
              { label: '批次', value: listOrNull(recall.batches) },
              {
                label: '生产日期',
                value: (
                  <>
                    <time dateTime={recall.productionStart}>{formatDay(recall.productionStart)}</time>至<time dateTime={recall.productionEnd}>{formatDay(recall.productionEnd)}</time>
                  </>
                ),
              },
              { label: '生产数量', value: formatCount(recall.quantityMade) },
              { label: '召回数量', value: formatCount(recall.quantityToRecall) },
              { label: '销售地区', value: listOrNull(recall.salesAreas) },
              { label: '缺陷情况', value: recall.defect },
              { label: '可能造成的危害', value: recall.hazard },
              { label: '召回措施', value: recallRemedyLabel(recall.remedy) },
              { label: '生产者', value: recall.manufacturer.name },
              { label: '统一社会信用代码', value: recall.manufacturer.creditCode },
              { label: '召回联系人', value: `${recall.manufacturer.contact.person}（电话 ${recall.manufacturer.contact.phone}）` },
            ]}
          />
          <section className="detail-section" aria-labelledby="linked-alerts-heading">
            <h2 id="linked-alerts-heading">相关风险预警</h2>
            {linkedAlerts.length === 0 ? (
              <p>暂无相关风险预警。</p>
            ) : (
              <ul className="link-list">
                {linkedAlerts.map(
                  (alert) =>
                    alert && (
                      <li key={alert.id}>
                        <Link href={`/alert/${encodeURIComponent(alert.id)}`} className="list-link">
                          <RiskLevelBadge level={alert.riskLevel} />
                          <span>{alert.title}</span>
                          <span className="list-link-meta">
                            {regionLabel(alert.region)} · {hazardTypeLabel(alert.hazardType)} · {formatDay(alert.issuedAt)}
                          </span>
                        </Link>
                      </li>
                    ),
                )}
              </ul>
            )}
            {missingAlerts > 0 && <p className="hint">另有 {missingAlerts} 条相关预警暂时无法显示。</p>}
          </section>
        </article>
      )}
    </DetailPage>
  );
}
