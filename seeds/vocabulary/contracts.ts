import type { ContractCategory } from '../../kernel';

export interface ContractSubject {
  /** What the contract is about, e.g. 住房租赁; the title is 京津冀{subject}合同（示范文本）. */
  subject: string;
  /** Consumer side, business side. */
  parties: readonly [string, string];
  /** Clauses proper to this kind of contract, between the common ones. */
  specificClauses: readonly { heading: string; text: string }[];
}

const COOLING_OFF = {
  heading: '冷静期',
  text: '自本合同签订之日起七日内，甲方未接受服务的，有权无理由解除合同，乙方应当在三个工作日内全额退还已收取的费用。',
};

const PREPAYMENT = {
  heading: '预付款项管理',
  text: '乙方收取的预付款项应当按照三地预付式消费管理规定存入监管账户；单张预付凭证金额不得超过5000元，预付期限不得超过一年。',
};

export const CONTRACT_SUBJECTS: Readonly<Record<ContractCategory, readonly ContractSubject[]>> = {
  HOUSING_RENTAL: [
    {
      subject: '住房租赁',
      parties: ['承租人', '出租人'],
      specificClauses: [
        { heading: '房屋基本情况', text: '出租人应当提供房屋权属证明，如实说明房屋结构、面积、附属设施及既往安全隐患情况。' },
        { heading: '租金及押金', text: '押金不得超过一个月租金；租赁期满或合同解除后，出租人应在房屋验收交接后三日内退还押金。' },
      ],
    },
    {
      subject: '住房租赁居间服务',
      parties: ['委托人', '房地产经纪机构'],
      specificClauses: [{ heading: '居间服务费', text: '居间服务费按成交月租金的一定比例收取，最高不超过一个月租金，未促成交易的不得收取。' }],
    },
  ],
  HOUSING_SALE: [
    {
      subject: '商品房买卖（预售）',
      parties: ['买受人', '出卖人'],
      specificClauses: [
        { heading: '交付条件', text: '商品房交付时应当取得建设工程竣工验收备案证明，并提供《住宅质量保证书》和《住宅使用说明书》。' },
        { heading: '面积差异处理', text: '套内建筑面积误差比绝对值在3%以内（含3%）的，据实结算房价款；超出3%的，买受人有权退房。' },
      ],
    },
    {
      subject: '商品房买卖（现售）',
      parties: ['买受人', '出卖人'],
      specificClauses: [{ heading: '房屋质量', text: '出卖人承诺商品房质量符合国家和三地强制性标准，保修期自交付之日起计算。' }],
    },
  ],
  HOME_DECORATION: [
    {
      subject: '家庭居室装饰装修工程施工',
      parties: ['发包人', '承包人'],
      specificClauses: [
        { heading: '材料供应', text: '承包人提供的材料应当符合国家室内装饰装修材料有害物质限量标准，并在进场时经发包人验收签字。' },
        { heading: '工程质量及验收', text: '工程竣工后，承包人应通知发包人验收；室内空气质量检测不合格的，承包人应负责整改并承担检测费用。' },
      ],
    },
    {
      subject: '全屋定制家具',
      parties: ['订购人', '定制企业'],
      specificClauses: [{ heading: '测量与设计确认', text: '定制企业应在上门测量后七日内提供设计图纸，经订购人签字确认后方可生产。' }],
    },
  ],
  PROPERTY_SERVICE: [
    {
      subject: '前期物业服务',
      parties: ['建设单位', '物业服务人'],
      specificClauses: [{ heading: '服务内容与标准', text: '物业服务人应按照约定的服务等级提供共用部位维护、秩序维护、保洁和绿化服务，并每年公示服务费用收支情况。' }],
    },
    {
      subject: '物业服务',
      parties: ['业主委员会', '物业服务人'],
      specificClauses: [{ heading: '公共收益', text: '利用共用部位经营所得收益，扣除合理成本后属于全体业主所有，每半年公示一次。' }],
    },
  ],
  TRAVEL: [
    {
      subject: '国内旅游组团',
      parties: ['旅游者', '旅行社'],
      specificClauses: [
        { heading: '行程安排', text: '旅行社不得擅自变更行程安排，不得安排购物或另行付费旅游项目，但经双方协商一致的除外。' },
        { heading: '旅游者解除合同', text: '旅游行程开始前，旅游者可以解除合同，旅行社扣除必要费用后将余款退还旅游者。' },
      ],
    },
    {
      subject: '一日游',
      parties: ['旅游者', '旅行社'],
      specificClauses: [{ heading: '交通与安全', text: '旅行社应使用具有合法营运资质的车辆，并为旅游者投保旅行社责任保险。' }],
    },
  ],
  EDUCATION_TRAINING: [
    {
      subject: '校外培训服务',
      parties: ['受训者', '培训机构'],
      specificClauses: [PREPAYMENT, { heading: '退费办法', text: '受训者要求退费的，培训机构应按未完成课时比例退还费用，不得以任何名义收取违约金。' }],
    },
    {
      subject: '职业技能培训服务',
      parties: ['学员', '培训机构'],
      specificClauses: [{ heading: '宣传承诺', text: '培训机构不得以“包过”“保证就业”等承诺进行宣传，证书名称及颁证机构应如实告知。' }],
    },
  ],
  AUTOMOBILE_SALES: [
    {
      subject: '汽车买卖',
      parties: ['买受人', '出卖人'],
      specificClauses: [
        { heading: '车辆交付', text: '出卖人应交付未经使用的车辆，并提供车辆一致性证书、三包凭证和使用说明书。' },
        { heading: '三包责任', text: '包修期内因质量问题修理累计超过规定次数的，买受人有权按照《家用汽车产品修理更换退货责任规定》要求更换或退货。' },
      ],
    },
    {
      subject: '新能源汽车买卖',
      parties: ['买受人', '出卖人'],
      specificClauses: [{ heading: '动力电池', text: '出卖人应明示动力蓄电池的质量保证期限和衰减标准，并提供充电设施安装指导。' }],
    },
  ],
  USED_CAR_TRADE: [
    {
      subject: '二手车买卖',
      parties: ['买受人', '出卖人'],
      specificClauses: [{ heading: '车况说明', text: '出卖人应如实告知车辆是否发生过重大事故、泡水、火烧及里程表调整情况，并提供车辆状况说明书。' }],
    },
    {
      subject: '二手车经纪',
      parties: ['委托人', '经纪机构'],
      specificClauses: [{ heading: '佣金', text: '经纪机构应明码标价收取佣金，未促成交易的不得收取佣金。' }],
    },
  ],
  ELDER_CARE: [
    {
      subject: '养老机构服务',
      parties: ['入住老年人', '养老机构'],
      specificClauses: [
        { heading: '照护等级评估', text: '养老机构应在入住前组织能力评估，根据评估结果确定照护等级，并在等级变化时及时告知。' },
        { heading: '押金管理', text: '养老机构收取的押金不得超过月服务费的十二倍，应当存入专用账户，不得挪用。' },
      ],
    },
    {
      subject: '居家养老服务',
      parties: ['服务对象', '服务机构'],
      specificClauses: [{ heading: '服务人员', text: '服务机构派出的人员应当持有健康证明和相应职业技能证书，并接受服务对象监督。' }],
    },
  ],
  FITNESS: [
    {
      subject: '体育健身服务',
      parties: ['会员', '健身服务经营者'],
      specificClauses: [PREPAYMENT, COOLING_OFF],
    },
    {
      subject: '游泳健身预付式消费',
      parties: ['消费者', '经营者'],
      specificClauses: [PREPAYMENT, { heading: '停业转让', text: '经营者停业或转让的，应提前三十日告知消费者，并退还剩余预付款项或由受让方继续履行。' }],
    },
  ],
  BEAUTY_SALON: [
    {
      subject: '美容美发预付式消费',
      parties: ['消费者', '经营者'],
      specificClauses: [PREPAYMENT, COOLING_OFF, { heading: '服务项目', text: '属于医疗美容的项目，经营者应当具有相应的医疗机构执业许可，不得超范围经营。' }],
    },
  ],
  HOUSEKEEPING: [
    {
      subject: '家政服务',
      parties: ['消费者', '家政服务机构'],
      specificClauses: [{ heading: '服务人员更换', text: '服务人员不能胜任工作的，消费者有权要求家政服务机构在三日内更换，机构不得另行收费。' }],
    },
    {
      subject: '母婴护理（月嫂）服务',
      parties: ['消费者', '家政服务机构'],
      specificClauses: [{ heading: '健康要求', text: '母婴护理人员上岗前应持有有效健康体检证明，服务期间每日记录母婴护理情况。' }],
    },
  ],
  WEDDING_SERVICE: [
    {
      subject: '婚庆服务',
      parties: ['委托人', '婚庆服务机构'],
      specificClauses: [{ heading: '服务清单', text: '婚庆服务机构应以附件形式列明场地布置、主持、摄像等服务项目的品牌、规格和价格。' }],
    },
  ],
};

export const CONTRACT_RETURN_COMMENTS: readonly string[] = [
  '违约责任条款表述不够明确，建议细化违约金计算标准后重新报送。',
  '预付款退还期限与本地预付式消费管理规定不一致，请修改。',
  '建议增加个人信息保护条款，明确经营者收集使用消费者信息的范围。',
  '争议解决条款中的管辖约定加重消费者负担，请删除。',
  '部分条款存在免除经营者责任的格式条款，请依据《民法典》第四百九十七条修改。',
];

export const CONTRACT_ENDORSE_COMMENTS: readonly string[] = [
  '同意联合发布。',
  '经审查无异议，同意发布。',
  '已征求本地消费者协会意见，同意发布。',
];
