import type { ComplaintCategory, ProductCategory } from '../../kernel';

/** Syllables for made-up trade names (字号), combined two at a time. */
export const TRADE_NAME_SYLLABLES: readonly string[] = [
  '华', '美', '康', '佳', '达', '信', '安', '宝', '丰', '泰', '瑞', '鑫', '盛', '源', '宏', '恒', '通', '顺', '福', '乐',
  '欣', '雅', '诺', '凯', '锐', '捷', '尚', '优', '博', '宇', '晨', '星', '联', '创', '金', '德', '益', '立', '睿', '嘉',
  '海', '天', '志', '鸿', '兴', '隆', '腾', '飞', '骏', '川', '远', '津', '燕', '冀', '诚', '豪', '科', '润', '弘', '祥',
];

export interface ManufacturingIndustry {
  category: ProductCategory;
  /** Industry name in the words of GB/T 4754. */
  industry: string;
  /** Words between trade name and legal form: 天津鑫源{电动车}有限公司. */
  nameWords: readonly string[];
}

export const MANUFACTURING_INDUSTRIES: Readonly<Record<ProductCategory, ManufacturingIndustry>> = {
  ELECTRIC_BICYCLE: { category: 'ELECTRIC_BICYCLE', industry: '助动车制造', nameWords: ['电动车', '车业', '自行车', '新能源车业'] },
  CHILDREN_PRODUCTS: { category: 'CHILDREN_PRODUCTS', industry: '儿童用品制造', nameWords: ['童车', '婴童用品', '儿童用品'] },
  HOUSEHOLD_APPLIANCES: { category: 'HOUSEHOLD_APPLIANCES', industry: '家用电力器具制造', nameWords: ['电器', '家电', '电器科技'] },
  FOOD_CONTACT: { category: 'FOOD_CONTACT', industry: '塑料制品业', nameWords: ['塑料制品', '日用品', '厨具'] },
  TEXTILES: { category: 'TEXTILES', industry: '纺织服装、服饰业', nameWords: ['服饰', '服装', '纺织品'] },
  TOYS: { category: 'TOYS', industry: '玩具制造', nameWords: ['玩具', '文体用品', '益智玩具'] },
  COSMETICS: { category: 'COSMETICS', industry: '化妆品制造', nameWords: ['化妆品', '生物科技', '日化'] },
  AUTO_PARTS: { category: 'AUTO_PARTS', industry: '汽车零部件及配件制造', nameWords: ['汽车部件', '汽车配件', '汽车科技'] },
  ELECTRICAL_ACCESSORIES: { category: 'ELECTRICAL_ACCESSORIES', industry: '配电开关控制设备制造', nameWords: ['电气', '电器开关', '电线电缆'] },
  BUILDING_MATERIALS: { category: 'BUILDING_MATERIALS', industry: '建筑装饰材料制造', nameWords: ['建材', '涂料', '装饰材料'] },
  FURNITURE: { category: 'FURNITURE', industry: '家具制造业', nameWords: ['家具', '家居', '办公家具'] },
  GAS_APPLIANCES: { category: 'GAS_APPLIANCES', industry: '燃气、太阳能及类似能源家用器具制造', nameWords: ['燃气具', '厨卫电器', '热能设备'] },
};

export type ServiceIndustryKey =
  | 'RETAIL'
  | 'ONLINE_RETAIL'
  | 'CATERING'
  | 'EDUCATION'
  | 'FITNESS'
  | 'BEAUTY'
  | 'TRAVEL'
  | 'PROPERTY'
  | 'AUTO_DEALER'
  | 'DECORATION'
  | 'HOUSEKEEPING'
  | 'ELDER_CARE';

export interface ServiceIndustry {
  key: ServiceIndustryKey;
  industry: string;
  nameWords: readonly string[];
  /** What consumers buy there, for complaint texts. */
  offerings: readonly string[];
}

export const SERVICE_INDUSTRIES: readonly ServiceIndustry[] = [
  { key: 'RETAIL', industry: '综合零售', nameWords: ['商贸', '百货', '超市'], offerings: ['冰箱', '空调', '电视机', '羽绒服', '运动鞋', '电动牙刷', '电饭煲'] },
  { key: 'ONLINE_RETAIL', industry: '互联网零售', nameWords: ['电子商务', '网络科技', '电商'], offerings: ['手机', '蓝牙耳机', '扫地机器人', '护肤品套装', '儿童玩具', '保健食品'] },
  { key: 'CATERING', industry: '正餐服务', nameWords: ['餐饮管理', '餐饮', '食品'], offerings: ['套餐', '火锅', '生日蛋糕', '外卖餐食'] },
  { key: 'EDUCATION', industry: '技能培训、教育辅助及其他教育', nameWords: ['教育科技', '文化传播', '培训'], offerings: ['英语培训课程', '编程课程', '职业资格考试培训', '艺术培训课程'] },
  { key: 'FITNESS', industry: '健身休闲活动', nameWords: ['健身服务', '体育文化', '健身'], offerings: ['健身年卡', '私教课程', '游泳次卡', '瑜伽课程'] },
  { key: 'BEAUTY', industry: '美容美发服务', nameWords: ['美容美发', '美业', '健康管理'], offerings: ['美容护理卡', '美发储值卡', '皮肤管理疗程'] },
  { key: 'TRAVEL', industry: '旅行社及相关服务', nameWords: ['国际旅行社', '旅行社', '旅游服务'], offerings: ['国内跟团游', '出境游', '一日游'] },
  { key: 'PROPERTY', industry: '物业管理', nameWords: ['物业服务', '物业管理'], offerings: ['物业服务', '停车服务', '供暖服务'] },
  { key: 'AUTO_DEALER', industry: '汽车新车零售', nameWords: ['汽车销售服务', '汽车贸易'], offerings: ['新能源汽车', '燃油汽车', '二手车', '汽车保养服务'] },
  { key: 'DECORATION', industry: '住宅装饰和装修', nameWords: ['装饰工程', '装饰设计', '家居装饰'], offerings: ['家庭装修工程', '全屋定制家具', '厨卫改造'] },
  { key: 'HOUSEKEEPING', industry: '家庭服务', nameWords: ['家政服务', '家政', '母婴护理'], offerings: ['保洁服务', '月嫂服务', '育儿嫂服务', '搬家服务'] },
  { key: 'ELDER_CARE', industry: '老年人、残疾人养护服务', nameWords: ['养老服务', '康养', '健康养老'], offerings: ['养老机构床位', '居家养老服务', '康复护理服务'] },
];

/** Which businesses a complaint of each category is typically about. */
export const COMPLAINT_BUSINESS_AFFINITY: Readonly<Record<ComplaintCategory, readonly (ServiceIndustryKey | 'MANUFACTURER')[]>> = {
  PRODUCT_QUALITY: ['MANUFACTURER', 'RETAIL', 'ONLINE_RETAIL'],
  AFTER_SALES: ['RETAIL', 'AUTO_DEALER', 'MANUFACTURER', 'ONLINE_RETAIL'],
  PREPAID_CARD: ['FITNESS', 'BEAUTY', 'EDUCATION', 'CATERING'],
  FALSE_ADVERTISING: ['ONLINE_RETAIL', 'EDUCATION', 'BEAUTY', 'MANUFACTURER'],
  CONTRACT_DISPUTE: ['DECORATION', 'TRAVEL', 'PROPERTY', 'AUTO_DEALER', 'ELDER_CARE'],
  FOOD_SAFETY: ['CATERING', 'RETAIL'],
  ONLINE_SHOPPING: ['ONLINE_RETAIL'],
  PRICE: ['CATERING', 'RETAIL', 'PROPERTY', 'TRAVEL'],
  PERSONAL_INFORMATION: ['ONLINE_RETAIL', 'EDUCATION', 'AUTO_DEALER', 'FITNESS'],
  SERVICE_QUALITY: ['HOUSEKEEPING', 'ELDER_CARE', 'TRAVEL', 'PROPERTY', 'BEAUTY'],
};

export const LEGAL_FORMS: readonly (readonly [string, number])[] = [
  ['有限公司', 70],
  ['有限责任公司', 12],
  ['股份有限公司', 10],
  ['集团有限公司', 3],
  ['厂', 5],
];
