import type { GiProductClass, RegionCode } from '../../kernel';

/**
 * Geographical-indication products of the three regions (地理标志保护产品) with their protection areas as GB/T 2260
 * codes. 燕山板栗 stands for the jointly protected Pinggu–Jizhou–Sanhe area of the 2018 plan: registered by Beijing,
 * its area reaches Tianjin's 蓟州区 and Hebei's 三河市, 兴隆县, 遵化市 and 迁西县.
 */
export interface GiSeed {
  productName: string;
  productClass: GiProductClass;
  approvedYear: number;
  standard: string;
  area: readonly string[];
}

export const GI_CATALOGUE: Readonly<Record<RegionCode, readonly GiSeed[]>> = {
  BJ: [
    { productName: '平谷大桃', productClass: 'FRUIT', approvedYear: 2006, standard: '地理标志产品 平谷大桃 (地方标准)', area: ['110117'] },
    { productName: '房山磨盘柿', productClass: 'FRUIT', approvedYear: 2008, standard: '地理标志产品 房山磨盘柿 (地方标准)', area: ['110111'] },
    { productName: '京西稻', productClass: 'GRAIN', approvedYear: 2015, standard: '地理标志产品 京西稻 (地方标准)', area: ['110108'] },
    { productName: '怀柔板栗', productClass: 'NUTS', approvedYear: 2009, standard: '地理标志产品 怀柔板栗 (地方标准)', area: ['110116'] },
    { productName: '北京鸭', productClass: 'LIVESTOCK', approvedYear: 2012, standard: '地理标志产品 北京鸭 (地方标准)', area: ['110112', '110113', '110115'] },
    { productName: '燕山板栗', productClass: 'NUTS', approvedYear: 2014, standard: '地理标志产品 燕山板栗 (京津冀联合标准)', area: ['110116', '110117', '110118', '120119', '131082', '130822', '130281', '130227'] },
  ],
  TJ: [
    { productName: '盘山磨盘柿', productClass: 'FRUIT', approvedYear: 2008, standard: '地理标志产品 盘山磨盘柿 (地方标准)', area: ['120119'] },
    { productName: '小站稻', productClass: 'GRAIN', approvedYear: 2006, standard: '地理标志产品 小站稻 (地方标准)', area: ['120112', '120116'] },
    { productName: '沙窝萝卜', productClass: 'VEGETABLE', approvedYear: 2008, standard: '地理标志产品 沙窝萝卜 (地方标准)', area: ['120111'] },
    { productName: '茶淀玫瑰香葡萄', productClass: 'FRUIT', approvedYear: 2009, standard: '地理标志产品 茶淀玫瑰香葡萄 (地方标准)', area: ['120116'] },
    { productName: '崔庄冬枣', productClass: 'FRUIT', approvedYear: 2012, standard: '地理标志产品 崔庄冬枣 (地方标准)', area: ['120116'] },
    { productName: '七里海河蟹', productClass: 'AQUATIC', approvedYear: 2011, standard: '地理标志产品 七里海河蟹 (地方标准)', area: ['120117'] },
  ],
  HE: [
    { productName: '沧州金丝小枣', productClass: 'NUTS', approvedYear: 2005, standard: '地理标志产品 沧州金丝小枣 (GB/T 18846)', area: ['130903', '130921', '130929', '130981'] },
    { productName: '赵州雪花梨', productClass: 'FRUIT', approvedYear: 2007, standard: '地理标志产品 赵州雪花梨 (地方标准)', area: ['130133'] },
    { productName: '宣化牛奶葡萄', productClass: 'FRUIT', approvedYear: 2007, standard: '地理标志产品 宣化牛奶葡萄 (地方标准)', area: ['130705'] },
    { productName: '昌黎葡萄酒', productClass: 'WINE_AND_SPIRITS', approvedYear: 2005, standard: '地理标志产品 昌黎葡萄酒 (GB/T 19265)', area: ['130322', '130324'] },
    { productName: '深州蜜桃', productClass: 'FRUIT', approvedYear: 2010, standard: '地理标志产品 深州蜜桃 (地方标准)', area: ['131182'] },
    { productName: '迁西板栗', productClass: 'NUTS', approvedYear: 2008, standard: '地理标志产品 迁西板栗 (地方标准)', area: ['130227'] },
  ],
};

export const INSPECTION_FINDINGS: Readonly<Record<'CONFORMING' | 'RECTIFICATION_REQUIRED' | 'NONCONFORMING', readonly string[]>> = {
  CONFORMING: [
    '现场核查产地范围、生产记录和专用标志使用台账，均符合地理标志产品标准及专用标志使用管理规定。',
    '抽取产品样品检验，感官及理化指标符合标准要求；专用标志印制、使用数量与台账一致。',
  ],
  RECTIFICATION_REQUIRED: [
    '专用标志使用台账记录不完整，部分批次未登记使用数量，责令30日内整改。',
    '包装标识未按规定标注地理标志产品名称与产地范围，责令限期改正。',
  ],
  NONCONFORMING: [
    '使用专用标志的产品部分原料来自保护范围以外，不符合地理标志产品标准，已责令停止使用专用标志。',
    '抽检产品理化指标不符合标准要求，暂停该企业专用标志使用资格并立案调查。',
  ],
};
