/**
 * Chinese labels of the enum values that recalls and risk alerts carry, as the public pages show them
 * (no enum code may reach a reader). Keyed by the GraphQL enum values; region names are in regions.ts and
 * product categories in categories.ts.
 */

export const RISK_LEVEL_LABELS: Readonly<Record<'LOW' | 'MEDIUM' | 'HIGH' | 'SEVERE', string>> = {
  LOW: '低风险',
  MEDIUM: '中风险',
  HIGH: '高风险',
  SEVERE: '严重风险',
};

export const HAZARD_TYPE_LABELS: Readonly<Record<'FIRE' | 'ELECTRIC_SHOCK' | 'CHOKING' | 'CHEMICAL' | 'MECHANICAL' | 'BURN' | 'EXPLOSION' | 'OTHER', string>> = {
  FIRE: '火灾',
  ELECTRIC_SHOCK: '触电',
  CHOKING: '窒息',
  CHEMICAL: '化学危害',
  MECHANICAL: '机械伤害',
  BURN: '烫伤',
  EXPLOSION: '爆炸',
  OTHER: '其他危害',
};

export const RISK_SOURCE_LABELS: Readonly<Record<'SAMPLING' | 'COMPLAINT' | 'INJURY_MONITORING' | 'PUBLIC_OPINION', string>> = {
  SAMPLING: '监督抽查',
  COMPLAINT: '消费者投诉',
  INJURY_MONITORING: '伤害监测',
  PUBLIC_OPINION: '舆情监测',
};

export const RISK_ALERT_STATUS_LABELS: Readonly<Record<'OPEN' | 'ESCALATED' | 'RESOLVED', string>> = {
  OPEN: '预警中',
  ESCALATED: '已升级',
  RESOLVED: '已解除',
};

export const RECALL_STATUS_LABELS: Readonly<Record<'ANNOUNCED' | 'IN_PROGRESS' | 'COMPLETED' | 'CANCELLED', string>> = {
  ANNOUNCED: '已发布',
  IN_PROGRESS: '召回实施中',
  COMPLETED: '召回完成',
  CANCELLED: '已撤销',
};

export const RECALL_REMEDY_LABELS: Readonly<Record<'REPAIR' | 'REPLACE' | 'REFUND' | 'STOP_SALE', string>> = {
  REPAIR: '免费维修',
  REPLACE: '免费更换',
  REFUND: '退货退款',
  STOP_SALE: '停止销售',
};

/** Event types of the recallPublished and riskAlertRaised subscriptions. */
export const RECALL_EVENT_TYPE_LABELS: Readonly<Record<'PUBLISHED', string>> = {
  PUBLISHED: '新发布召回',
};

export const RISK_ALERT_EVENT_TYPE_LABELS: Readonly<Record<'RAISED' | 'ESCALATED', string>> = {
  RAISED: '新发布预警',
  ESCALATED: '预警升级',
};

/** Event types of the recallChanged subscription. */
export const RECALL_CHANGE_EVENT_TYPE_LABELS: Readonly<Record<'PUBLISHED' | 'UPDATED' | 'CANCELLED' | 'COMPLETED', string>> = {
  PUBLISHED: '新发布召回',
  UPDATED: '召回信息更新',
  CANCELLED: '召回已撤销',
  COMPLETED: '召回已完成',
};

/** Event types of the riskAlertLinked and recallLinked subscriptions (the back-link kept by the cited record's region). */
export const LINK_EVENT_TYPE_LABELS: Readonly<Record<'LINKED' | 'UNLINKED', string>> = {
  LINKED: '新增关联',
  UNLINKED: '取消关联',
};

/** Complaint statuses (登记 → 受理/不予受理 → 分流转办 → 调解 → 办结/终止 → 反馈). */
export const COMPLAINT_STATUS_LABELS: Readonly<Record<'REGISTERED' | 'TRANSFERRED' | 'ACCEPTED' | 'REJECTED' | 'MEDIATING' | 'RESOLVED' | 'TERMINATED' | 'FEEDBACK_GIVEN', string>> = {
  REGISTERED: '已登记',
  TRANSFERRED: '已转办',
  ACCEPTED: '已受理',
  REJECTED: '不予受理',
  MEDIATING: '调解中',
  RESOLVED: '已办结',
  TERMINATED: '已终止',
  FEEDBACK_GIVEN: '已反馈',
};

export const COMPLAINT_CHANNEL_LABELS: Readonly<Record<'HOTLINE_12315' | 'WEB' | 'MINI_PROGRAM' | 'LETTER' | 'VISIT', string>> = {
  HOTLINE_12315: '12315热线',
  WEB: '网站',
  MINI_PROGRAM: '小程序',
  LETTER: '来信',
  VISIT: '来访',
};

export const CONTRACT_TEMPLATE_STATUS_LABELS: Readonly<Record<'DRAFT' | 'IN_REVIEW' | 'PUBLISHED' | 'SUPERSEDED' | 'WITHDRAWN', string>> = {
  DRAFT: '草稿',
  IN_REVIEW: '联合审查中',
  PUBLISHED: '已发布',
  SUPERSEDED: '已被替代',
  WITHDRAWN: '已撤回',
};
