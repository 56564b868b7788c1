import { enumObject, isOneOf } from './enumValues';

/** Product categories of risk alerts and recalls (labels as in SAMR notices). */
export const PRODUCT_CATEGORIES = [
  'ELECTRIC_BICYCLE',
  'CHILDREN_PRODUCTS',
  'HOUSEHOLD_APPLIANCES',
  'FOOD_CONTACT',
  'TEXTILES',
  'TOYS',
  'COSMETICS',
  'AUTO_PARTS',
  'ELECTRICAL_ACCESSORIES',
  'BUILDING_MATERIALS',
  'FURNITURE',
  'GAS_APPLIANCES',
] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];
export const ProductCategory = enumObject(PRODUCT_CATEGORIES);

export const PRODUCT_CATEGORY_LABELS: Readonly<Record<ProductCategory, string>> = {
  ELECTRIC_BICYCLE: '电动自行车及配件',
  CHILDREN_PRODUCTS: '儿童用品',
  HOUSEHOLD_APPLIANCES: '家用电器',
  FOOD_CONTACT: '食品相关产品',
  TEXTILES: '纺织服装',
  TOYS: '玩具',
  COSMETICS: '化妆品',
  AUTO_PARTS: '汽车及配件',
  ELECTRICAL_ACCESSORIES: '电器附件',
  BUILDING_MATERIALS: '建筑装饰材料',
  FURNITURE: '家具',
  GAS_APPLIANCES: '燃气器具',
};

/** Categories of model contract texts (合同示范文本). */
export const CONTRACT_CATEGORIES = [
  'HOUSING_RENTAL',
  'HOUSING_SALE',
  'HOME_DECORATION',
  'PROPERTY_SERVICE',
  'TRAVEL',
  'EDUCATION_TRAINING',
  'AUTOMOBILE_SALES',
  'USED_CAR_TRADE',
  'ELDER_CARE',
  'FITNESS',
  'BEAUTY_SALON',
  'HOUSEKEEPING',
  'WEDDING_SERVICE',
] as const;
export type ContractCategory = (typeof CONTRACT_CATEGORIES)[number];
export const ContractCategory = enumObject(CONTRACT_CATEGORIES);

export const CONTRACT_CATEGORY_LABELS: Readonly<Record<ContractCategory, string>> = {
  HOUSING_RENTAL: '房屋租赁',
  HOUSING_SALE: '商品房买卖',
  HOME_DECORATION: '家庭居室装饰装修',
  PROPERTY_SERVICE: '物业服务',
  TRAVEL: '旅游',
  EDUCATION_TRAINING: '教育培训',
  AUTOMOBILE_SALES: '汽车买卖',
  USED_CAR_TRADE: '二手车买卖',
  ELDER_CARE: '养老服务',
  FITNESS: '健身服务',
  BEAUTY_SALON: '美容美发',
  HOUSEKEEPING: '家政服务',
  WEDDING_SERVICE: '婚庆服务',
};

/** Categories of consumer complaints. */
export const COMPLAINT_CATEGORIES = [
  'PRODUCT_QUALITY',
  'AFTER_SALES',
  'PREPAID_CARD',
  'FALSE_ADVERTISING',
  'CONTRACT_DISPUTE',
  'FOOD_SAFETY',
  'ONLINE_SHOPPING',
  'PRICE',
  'PERSONAL_INFORMATION',
  'SERVICE_QUALITY',
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];
export const ComplaintCategory = enumObject(COMPLAINT_CATEGORIES);

export const COMPLAINT_CATEGORY_LABELS: Readonly<Record<ComplaintCategory, string>> = {
  PRODUCT_QUALITY: '商品质量',
  AFTER_SALES: '售后服务',
  PREPAID_CARD: '预付卡消费',
  FALSE_ADVERTISING: '虚假宣传',
  CONTRACT_DISPUTE: '合同纠纷',
  FOOD_SAFETY: '食品安全',
  ONLINE_SHOPPING: '网络购物',
  PRICE: '价格收费',
  PERSONAL_INFORMATION: '个人信息保护',
  SERVICE_QUALITY: '服务质量',
};

export function isProductCategory(value: unknown): value is ProductCategory {
  return isOneOf(PRODUCT_CATEGORIES, value);
}

export function isContractCategory(value: unknown): value is ContractCategory {
  return isOneOf(CONTRACT_CATEGORIES, value);
}

export function isComplaintCategory(value: unknown): value is ComplaintCategory {
  return isOneOf(COMPLAINT_CATEGORIES, value);
}
