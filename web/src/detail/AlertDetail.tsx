import { useQuery } from 'urql';
import { Link } from 'wouter';
import { PublicRiskAlertDetailDocument } from '../../../clients/generated/graphql';
import { unavailableRegionsOf } from '../api/responseErrors';
import { formatDateTime, formatDay } from '../format/dates';
import { hazardTypeLabel, productCategoryLabel, recallRemedyLabel, regionLabel, riskAlertStatusLabel, riskSourceLabel } from '../labels';
import { RiskLevelBadge } from '../ui/Badges';
import { RegionUnavailableNotice } from '../ui/RegionUnavailableNotice';
import { DetailFields } from './DetailFields';
import { DetailPage, useFocusOnArrival } from './DetailPage';

export function AlertDetail({ id }: { id: string }) {
  const [{ data, fetching, error }] = useQuery({ query: PublicRiskAlertDetailDocument, variables: { id } });
  const alert = data?.riskAlert ?? null;
  const heading = useFocusOnArrival<HTMLHeadingElement>(alert !== null);
  const relatedRecalls = alert?.relatedRecalls ?? [];
  const missingRecalls = relatedRecalls.filter((recall) => recall === null).length;

  return (
    <DetailPage kind="风险预警" fetching={fetching} error={error} found={alert !== null} title={alert?.title ?? null}>
      {alert && (
        <article className="detail" data-testid="alert-detail" data-id={alert.id}>
          <p className="detail-kind">
            风险预警 · {regionLabel(alert.region)} <RiskLevelBadge level={alert.riskLevel} />
          </p>
          <h1 className="detail-title" ref={heading} tabIndex={-1}>
            {alert.title}
          </h1>
          <RegionUnavailableNotice regions={unavailableRegionsOf(error)} shown="references" />
          <section className="detail-section detail-description" aria-labelledby="alert-description-heading">
            <h2 id="alert-description-heading">风险描述与消费提示</h2>
            {alert.description.split(/\n+/).map((paragraph, index) => (
              <p key={index}>{paragraph}</p>
            ))}
          </section>
          <DetailFields
            fields={[
              { label: '发布日期', value: <time dateTime={alert.issuedAt}>{formatDay(alert.issuedAt)}</time>, testId: 'announced-at' },
              { label: '发布地区', value: regionLabel(alert.region) },
              { label: '风险等级', value: <RiskLevelBadge level={alert.riskLevel} /> },
              { label: '产品类别', value: productCategoryLabel(alert.productCategory) },
              { label: '危害类型', value: hazardTypeLabel(alert.hazardType) },
              { label: '信息来源', value: riskSourceLabel(alert.source) },
              { label: '预警状态', value: riskAlertStatusLabel(alert.status) },
              { label: '解除日期', value: alert.resolvedAt ? <time dateTime={alert.resolvedAt}>{formatDay(alert.resolvedAt)}</time> : null },
              { label: '最近更新', value: <time dateTime={alert.updatedAt}>{formatDateTime(alert.updatedAt)}</time> },
            ]}
          />
          <section className="detail-section" aria-labelledby="related-recalls-heading">
            <h2 id="related-recalls-heading">相关召回</h2>
            {relatedRecalls.length === 0 ? (
              <p>暂无相关召回。</p>
            ) : (
              <ul className="link-list">
                {relatedRecalls.map(
                  (recall) =>
                    recall && (
                      <li key={recall.id}>
                        <Link href={`/recall/${encodeURIComponent(recall.id)}`} className="list-link">
                          <span>
                            {recall.productName}（{recall.brand}）
                          </span>
                          <span className="list-link-meta">
                            {regionLabel(recall.region)} · {recallRemedyLabel(recall.remedy)} · {formatDay(recall.announcedAt)}
                          </span>
                        </Link>
                      </li>
                    ),
                )}
              </ul>
            )}
            {missingRecalls > 0 && <p className="hint">另有 {missingRecalls} 条相关召回暂时无法显示。</p>}
          </section>
        </article>
      )}
    </DetailPage>
  );
}
