import type { AssistanceType, EnforcementDomain } from '../../kernel';

/**
 * Words of enforcement cases as bureaus write them: per domain, what the party did ({party} is the enterprise's or
 * person's name, {store} the online store, {product} a product), the articles applied and the usual fines in yuan.
 */
export interface CaseStory {
  title: string;
  facts: string;
  legalBasis: string;
  /** Fine range in yuan (whole yuan); 0 for cases usually closed with a warning and confiscation. */
  fine: readonly [number, number];
  /** Share of cases whose parties include a natural person (organisers of pyramid schemes, sole traders). */
  personShare: number;
  online: boolean;
}

export const CASE_STORIES: Readonly<Record<EnforcementDomain, readonly CaseStory[]>> = {
  ADVERTISING: [
    {
      title: '{party}发布虚假广告案',
      facts: '经查，当事人在其经营场所及微信公众号发布“{product}三天见效、无效退款”等广告内容，无法提供相关证明材料，广告内容与实际情况不符，构成发布虚假广告的行为。',
      legalBasis: '《中华人民共和国广告法》第二十八条、第五十五条第一款',
      fine: [20_000, 300_000],
      personShare: 0,
      online: false,
    },
    {
      title: '{party}发布违法医疗用语广告案',
      facts: '经查，当事人在其网店商品详情页宣传{product}“治疗失眠”“降血压”等，普通商品广告使用医疗用语，违反广告法规定。',
      legalBasis: '《中华人民共和国广告法》第十七条、第五十七条第（一）项',
      fine: [10_000, 200_000],
      personShare: 0,
      online: true,
    },
    {
      title: '{party}使用“国家级”“最佳”等用语广告案',
      facts: '经查，当事人在户外广告牌及宣传单中使用“国家级”“最佳”“第一品牌”等绝对化用语推销{product}。',
      legalBasis: '《中华人民共和国广告法》第九条第（三）项、第五十七条第（一）项',
      fine: [200_000, 500_000],
      personShare: 0,
      online: false,
    },
  ],
  UNFAIR_COMPETITION: [
    {
      title: '{party}虚假宣传案',
      facts: '经查，当事人通过组织虚假交易、雇佣“刷单”人员为其网店{store}的{product}刷高销量和好评，对商品的销售状况、用户评价作虚假的商业宣传，欺骗、误导消费者。',
      legalBasis: '《中华人民共和国反不正当竞争法》第八条第一款、第二十条第一款',
      fine: [100_000, 1_000_000],
      personShare: 0,
      online: true,
    },
    {
      title: '{party}混淆行为案',
      facts: '经查，当事人擅自使用与他人有一定影响的商品包装、装潢近似的标识生产销售{product}，足以引人误认为是他人商品或者与他人存在特定联系。',
      legalBasis: '《中华人民共和国反不正当竞争法》第六条第（一）项、第十八条第一款',
      fine: [50_000, 250_000],
      personShare: 0,
      online: false,
    },
  ],
  PYRAMID_SELLING: [
    {
      title: '{party}组织策划传销案',
      facts: '经查，当事人以销售{product}为名，要求参加者缴纳入门费取得加入资格，并以发展下线的人数作为计酬依据，层级达五层以上，涉案人员分布于京津冀多地，构成组织策划传销行为。',
      legalBasis: '《禁止传销条例》第七条第（一）项、第（二）项，第二十四条第一款',
      fine: [500_000, 2_000_000],
      personShare: 0.6,
      online: false,
    },
    {
      title: '{party}为传销行为提供经营场所案',
      facts: '经查，当事人明知他人从事传销活动，仍为其提供经营场所及培训会议场地，收取场地费用，构成为传销行为提供便利条件的行为。',
      legalBasis: '《禁止传销条例》第二十六条',
      fine: [50_000, 500_000],
      personShare: 0.3,
      online: false,
    },
  ],
  ONLINE_TRADE: [
    {
      title: '{party}网店销售不合格商品案',
      facts: '经查，当事人通过{store}销售的{product}经抽检不合格，当事人未履行进货查验义务，网店首页亦未公示营业执照信息。',
      legalBasis: '《中华人民共和国电子商务法》第十五条、第七十六条，《中华人民共和国产品质量法》第三十九条、第四十九条',
      fine: [5_000, 100_000],
      personShare: 0.2,
      online: true,
    },
    {
      title: '{party}网络直播虚构原价案',
      facts: '经查，当事人在{store}直播间销售{product}时虚构“原价”，以所谓折扣价诱骗消费者购买，构成价格欺诈。',
      legalBasis: '《中华人民共和国价格法》第十四条第（四）项、《明码标价和禁止价格欺诈规定》第十九条',
      fine: [10_000, 300_000],
      personShare: 0,
      online: true,
    },
  ],
  TRADEMARK: [
    {
      title: '{party}销售侵犯注册商标专用权商品案',
      facts: '经查，当事人销售的{product}使用与他人注册商标相同的标识，经商标权利人鉴定为侵权商品，当事人不能说明合法来源。',
      legalBasis: '《中华人民共和国商标法》第五十七条第（三）项、第六十条第二款',
      fine: [30_000, 500_000],
      personShare: 0.2,
      online: false,
    },
    {
      title: '{party}网店销售假冒注册商标商品案',
      facts: '经查，当事人在{store}销售假冒他人注册商标的{product}，销售金额较大，现场查获侵权商品一批。',
      legalBasis: '《中华人民共和国商标法》第五十七条第（一）项、第六十条第二款',
      fine: [50_000, 800_000],
      personShare: 0,
      online: true,
    },
  ],
  PRODUCT_QUALITY: [
    {
      title: '{party}生产不合格产品案',
      facts: '经查，当事人生产的{product}经监督抽查，关键项目不符合国家标准，属于不合格产品。',
      legalBasis: '《中华人民共和国产品质量法》第十三条、第四十九条',
      fine: [20_000, 400_000],
      personShare: 0,
      online: false,
    },
    {
      title: '{party}以假充真、以次充好案',
      facts: '经查，当事人在{product}中掺杂、掺假，以次充好，货值金额较大。',
      legalBasis: '《中华人民共和国产品质量法》第三十二条、第五十条',
      fine: [50_000, 600_000],
      personShare: 0.1,
      online: false,
    },
  ],
};

export const CASE_PRODUCTS: Readonly<Record<EnforcementDomain, readonly string[]>> = {
  ADVERTISING: ['保健食品', '美容护肤品', '净水器', '足浴盆', '减肥茶'],
  UNFAIR_COMPETITION: ['蓝牙耳机', '婴儿纸尿裤', '休闲零食', '洗衣凝珠'],
  PYRAMID_SELLING: ['富硒茶', '负离子理疗仪', '酵素饮品', '“生态农业”投资份额'],
  ONLINE_TRADE: ['电动自行车充电器', '儿童玩具', '羽绒服', '电热水壶', '化妆品'],
  TRADEMARK: ['运动鞋', '白酒', '汽车机油', '手机充电器', '箱包'],
  PRODUCT_QUALITY: ['电线电缆', '建筑用钢筋', '燃气灶具', '儿童自行车'],
};

export const PLATFORMS: readonly string[] = ['淘宝', '京东', '拼多多', '抖音电商', '快手小店', '美团'];

export const NO_PENALTY_REASONS: readonly string[] = [
  '当事人初次违法且危害后果轻微并及时改正，依据《中华人民共和国行政处罚法》第三十三条第一款不予行政处罚。',
  '现有证据不足以认定当事人存在违法行为，不予行政处罚。',
];

export const POLICE_REFERRAL_REASONS: readonly string[] = [
  '涉案金额巨大，涉嫌组织、领导传销活动罪，依法移送公安机关。',
  '涉嫌销售假冒注册商标的商品罪，依法移送公安机关。',
];

export const ASSISTANCE_REQUEST_TEXTS: Readonly<Record<AssistanceType, readonly string[]>> = {
  VERIFY_REGISTRATION: ['请协助核查当事人的登记注册信息、实际经营地址及法定代表人情况。'],
  COLLECT_EVIDENCE: ['请协助调取当事人的销售记录、进货凭证及相关账册。', '请协助对当事人经营场所进行现场检查并制作笔录。'],
  SERVE_DOCUMENTS: ['请协助向当事人送达《行政处罚告知书》。', '请协助向当事人送达《责令改正通知书》。'],
  IDENTIFY_STORE_OPERATOR: ['请协助核查该网店的实际经营者身份及实际经营地址。'],
  TRANSFER_CLUE: ['在办案中发现当事人涉嫌违法的线索，属贵局管辖，现予移送。'],
};

export const ASSISTANCE_FINDINGS: Readonly<Record<AssistanceType, readonly string[]>> = {
  VERIFY_REGISTRATION: ['经核查，当事人登记信息真实有效，实际经营地址与登记住所一致。', '经核查，当事人已不在登记住所经营，现场无人。'],
  COLLECT_EVIDENCE: ['已调取当事人近一年的销售记录及进货凭证，随函附送。', '已对当事人经营场所进行现场检查，检查笔录及照片随函附送。'],
  SERVE_DOCUMENTS: ['已于当日直接送达当事人，送达回证随函附送。', '当事人拒绝签收，已留置送达并拍照记录。'],
  IDENTIFY_STORE_OPERATOR: ['经核查，该网店实际经营者为当事人，经营地址与登记住所一致。'],
  TRANSFER_CLUE: ['线索已接收，已立案调查。'],
};

export const DECLINE_REASONS: readonly string[] = ['经核查，当事人不在我局辖区，建议向实际经营地市场监管部门协查。', '协查事项不属于市场监管部门职责范围。'];

/** Which requests a case of a domain usually sends. */
export const ASSISTANCE_TYPES_BY_DOMAIN: Readonly<Record<EnforcementDomain, readonly AssistanceType[]>> = {
  ADVERTISING: ['VERIFY_REGISTRATION', 'SERVE_DOCUMENTS', 'TRANSFER_CLUE'],
  UNFAIR_COMPETITION: ['COLLECT_EVIDENCE', 'VERIFY_REGISTRATION', 'TRANSFER_CLUE'],
  PYRAMID_SELLING: ['COLLECT_EVIDENCE', 'TRANSFER_CLUE', 'VERIFY_REGISTRATION'],
  ONLINE_TRADE: ['IDENTIFY_STORE_OPERATOR', 'SERVE_DOCUMENTS', 'TRANSFER_CLUE'],
  TRADEMARK: ['COLLECT_EVIDENCE', 'TRANSFER_CLUE', 'SERVE_DOCUMENTS'],
  PRODUCT_QUALITY: ['VERIFY_REGISTRATION', 'COLLECT_EVIDENCE', 'TRANSFER_CLUE'],
};
