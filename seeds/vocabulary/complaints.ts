import type { ComplaintCategory } from '../../kernel';

export interface ComplaintStory {
  /** `{item}` and `{business}` are filled in. */
  subject: string;
  description: string;
  /** Yuan range; [0, 0] when no amount is claimed. */
  amount: readonly [number, number];
}

export const COMPLAINT_STORIES: Readonly<Record<ComplaintCategory, readonly ComplaintStory[]>> = {
  PRODUCT_QUALITY: [
    {
      subject: '购买的{item}存在质量问题，商家拒绝退换',
      description: '消费者于{date}在{business}购买{item}，使用不到一个月即出现无法正常使用的情况。消费者要求退货，商家以“已过七天无理由退货期”为由拒绝，请求依法处理。',
      amount: [199, 8999],
    },
    {
      subject: '{item}使用中冒烟，存在安全隐患',
      description: '消费者反映于{date}购买的{item}在正常使用过程中冒烟并伴有焦糊味，担心存在安全隐患，要求商家退货并赔偿损失。',
      amount: [99, 3999],
    },
  ],
  AFTER_SALES: [
    {
      subject: '{item}多次维修仍未解决，要求更换',
      description: '消费者于{date}购买{item}，三包期内同一故障已维修三次仍未排除，消费者要求按三包规定更换，{business}拖延不予处理。',
      amount: [999, 26000],
    },
    {
      subject: '{business}售后服务电话长期无人接听',
      description: '消费者购买的{item}出现故障，多次拨打{business}售后电话均无人接听，线上客服仅自动回复，维修诉求无法得到处理。',
      amount: [0, 2000],
    },
  ],
  PREPAID_CARD: [
    {
      subject: '{business}闭店，预付卡余额无法退还',
      description: '消费者于{date}在{business}办理{item}，后该店突然闭店，店内张贴“装修升级”告示，经营者失联，卡内余额无法使用，要求退还剩余费用。',
      amount: [1000, 30000],
    },
    {
      subject: '办理{item}后要求退卡被拒',
      description: '消费者于{date}在{business}办理{item}，因工作调动要求退还未消费部分，商家称“卡内金额概不退还”，消费者认为该格式条款无效。',
      amount: [800, 12000],
    },
  ],
  FALSE_ADVERTISING: [
    {
      subject: '{business}宣传“{claim}”与实际不符',
      description: '消费者看到{business}宣传“{claim}”后购买{item}，实际效果与宣传严重不符，认为商家涉嫌虚假宣传，要求退款并依法查处。',
      amount: [199, 9800],
    },
  ],
  CONTRACT_DISPUTE: [
    {
      subject: '{business}未按合同约定履行，要求退还费用',
      description: '消费者于{date}与{business}签订{item}合同并支付款项，商家未按约定时间和标准履行，多次协商无果，要求解除合同、退还费用。',
      amount: [2000, 80000],
    },
    {
      subject: '{item}合同中存在不公平格式条款',
      description: '消费者反映{business}提供的{item}合同中约定“最终解释权归商家所有”“定金概不退还”等条款，认为加重消费者责任，请求调解。',
      amount: [500, 20000],
    },
  ],
  FOOD_SAFETY: [
    {
      subject: '在{business}用餐后出现腹泻等不适症状',
      description: '消费者于{date}在{business}用餐，当晚出现腹痛、腹泻症状并就医，怀疑食品不洁，要求商家赔偿医疗费用。',
      amount: [100, 3000],
    },
    {
      subject: '{business}销售过期食品',
      description: '消费者于{date}在{business}购买食品，回家后发现已超过保质期，要求依据《食品安全法》第一百四十八条获得赔偿。',
      amount: [20, 1000],
    },
  ],
  ONLINE_SHOPPING: [
    {
      subject: '网购{item}与描述不符，商家拒绝七日无理由退货',
      description: '消费者于{date}通过{business}网店购买{item}，收货后发现与页面描述不符，申请七日无理由退货被拒，平台介入未果。',
      amount: [59, 6999],
    },
    {
      subject: '网购{item}付款后商家迟迟不发货',
      description: '消费者于{date}在{business}网店下单购买{item}并付款，商家承诺48小时内发货，逾期十余天仍未发货且拒绝退款。',
      amount: [99, 4999],
    },
  ],
  PRICE: [
    {
      subject: '{business}结账金额高于标价',
      description: '消费者于{date}在{business}消费，结账时发现实际收费高于明码标价，商家称系统价格未更新，拒绝退还差价。',
      amount: [10, 800],
    },
    {
      subject: '{business}收取未明示的服务费',
      description: '消费者反映{business}在消费前未明示，结账时另行收取服务费，要求退还并依法查处。',
      amount: [20, 500],
    },
  ],
  PERSONAL_INFORMATION: [
    {
      subject: '在{business}登记信息后频繁接到推销电话',
      description: '消费者于{date}在{business}咨询{item}时登记了姓名和手机号码，此后频繁接到推销电话，怀疑个人信息被泄露。',
      amount: [0, 0],
    },
    {
      subject: '{business}强制要求采集人脸信息',
      description: '消费者反映{business}要求必须录入人脸信息才能办理{item}，拒绝提供其他验证方式。',
      amount: [0, 0],
    },
  ],
  SERVICE_QUALITY: [
    {
      subject: '{business}提供的{item}与约定不符',
      description: '消费者于{date}购买{business}的{item}，服务人员多次迟到、服务内容缩水，与合同约定不符，要求退还部分费用。',
      amount: [300, 15000],
    },
  ],
};

/** Advertising claims by kind of business (EDUCATION, BEAUTY, or any other). */
export const ADVERTISING_CLAIMS: Readonly<Record<'EDUCATION' | 'BEAUTY' | 'OTHER', readonly string[]>> = {
  EDUCATION: ['考试包过', '保证就业', '名师一对一授课', '三个月英语流利'],
  BEAUTY: ['三天见效', '医学级修复', '一次祛斑永不反弹'],
  OTHER: ['纯天然无添加', '进口原装', '全网最低价', '永久保修'],
};

export const REJECTION_REASONS: readonly string[] = [
  '投诉人不能提供购买凭证等证据材料，依据有关规定决定不予受理。',
  '该纠纷已由人民法院受理，决定不予受理。',
  '投诉事项不属于市场监督管理部门职责范围，已告知投诉人向有关部门反映。',
  '投诉人未提供被投诉人真实名称、地址，经核实无法联系，决定不予受理。',
];

export const RESOLUTION_OUTCOMES: readonly string[] = [
  '经营者退还全部货款',
  '经营者更换同型号新品',
  '经营者退还部分费用并赔礼道歉',
  '经营者免费维修并延长保修期一年',
  '经营者退还剩余预付款',
  '经营者赔偿消费者经济损失',
];

export const TERMINATION_REASONS: readonly string[] = [
  '自受理之日起四十五个工作日内双方未能达成调解协议，终止调解。',
  '投诉人撤回投诉，终止调解。',
  '被投诉人明确拒绝调解，终止调解，已告知投诉人可依法提起诉讼。',
];

export const CHANNEL_LABELS = {
  HOTLINE_12315: '12315热线',
  WEB: '全国12315平台',
  MINI_PROGRAM: '12315微信小程序',
  LETTER: '来信',
  VISIT: '来访',
} as const;
