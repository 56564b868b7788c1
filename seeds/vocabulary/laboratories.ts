import type { RegionCode, TestingField } from '../../kernel';

/** Inspection and testing institutes of the three regions that take part in proficiency testing and comparisons. */
export interface LaboratorySeed {
  name: string;
  accreditationNumber: string | null;
  fields: readonly TestingField[];
}

export const LABORATORIES: Readonly<Record<RegionCode, readonly LaboratorySeed[]>> = {
  BJ: [
    { name: '北京市产品质量监督检验研究院', accreditationNumber: 'CNAS L0152', fields: ['ELECTRICAL', 'CHEMICAL', 'TEXTILE', 'MECHANICAL', 'FOOD'] },
    { name: '北京市食品安全监控和风险评估中心', accreditationNumber: 'CNAS L2306', fields: ['FOOD', 'AGRICULTURAL'] },
    { name: '北京市计量检测科学研究院', accreditationNumber: 'CNAS L0470', fields: ['ELECTRICAL', 'MECHANICAL', 'ENVIRONMENT'] },
    { name: '北京市理化分析测试中心', accreditationNumber: 'CNAS L0231', fields: ['CHEMICAL', 'FOOD', 'ENVIRONMENT', 'TEXTILE'] },
    { name: '北京海关技术中心', accreditationNumber: 'CNAS L0381', fields: ['FOOD', 'AGRICULTURAL', 'TEXTILE', 'CHEMICAL'] },
    { name: '谱尼测试集团股份有限公司', accreditationNumber: 'CNAS L2412', fields: ['FOOD', 'CHEMICAL', 'ENVIRONMENT', 'TEXTILE', 'ELECTRICAL'] },
    { name: '北京市建设工程质量第一检测所有限责任公司', accreditationNumber: 'CNAS L1155', fields: ['BUILDING_MATERIALS', 'MECHANICAL'] },
    { name: '北京市农产品质量安全中心检测室', accreditationNumber: null, fields: ['AGRICULTURAL'] },
  ],
  TJ: [
    { name: '天津市产品质量监督检测技术研究院', accreditationNumber: 'CNAS L0135', fields: ['ELECTRICAL', 'CHEMICAL', 'MECHANICAL', 'TEXTILE', 'BUILDING_MATERIALS'] },
    { name: '天津市食品安全检测技术研究院', accreditationNumber: 'CNAS L3478', fields: ['FOOD', 'AGRICULTURAL'] },
    { name: '天津市计量监督检测科学研究院', accreditationNumber: 'CNAS L0692', fields: ['ELECTRICAL', 'MECHANICAL', 'ENVIRONMENT'] },
    { name: '天津海关动植物与食品检测中心', accreditationNumber: 'CNAS L0309', fields: ['FOOD', 'AGRICULTURAL', 'CHEMICAL'] },
    { name: '天津市纤维检验所', accreditationNumber: 'CNAS L1624', fields: ['TEXTILE'] },
    { name: '天津市建筑材料产品质量监督检测中心', accreditationNumber: 'CNAS L0847', fields: ['BUILDING_MATERIALS'] },
    { name: '天津市滨海新区检验检测中心', accreditationNumber: 'CNAS L8530', fields: ['FOOD', 'ENVIRONMENT', 'CHEMICAL'] },
    { name: '天津市农业质量标准与检测技术研究所', accreditationNumber: null, fields: ['AGRICULTURAL', 'FOOD'] },
  ],
  HE: [
    { name: '河北省产品质量监督检验研究院', accreditationNumber: 'CNAS L0218', fields: ['ELECTRICAL', 'CHEMICAL', 'MECHANICAL', 'TEXTILE', 'BUILDING_MATERIALS'] },
    { name: '河北省食品检验研究院', accreditationNumber: 'CNAS L2049', fields: ['FOOD', 'AGRICULTURAL'] },
    { name: '河北省计量监督检测研究院', accreditationNumber: 'CNAS L0575', fields: ['ELECTRICAL', 'MECHANICAL', 'ENVIRONMENT'] },
    { name: '石家庄海关技术中心', accreditationNumber: 'CNAS L0412', fields: ['FOOD', 'AGRICULTURAL', 'CHEMICAL', 'TEXTILE'] },
    { name: '唐山市产品质量监督检验所', accreditationNumber: 'CNAS L3961', fields: ['BUILDING_MATERIALS', 'MECHANICAL', 'CHEMICAL'] },
    { name: '保定市产品质量监督检验所', accreditationNumber: 'CNAS L4280', fields: ['ELECTRICAL', 'TEXTILE', 'MECHANICAL'] },
    { name: '沧州市食品检验检测中心', accreditationNumber: 'CNAS L6733', fields: ['FOOD', 'AGRICULTURAL'] },
    { name: '廊坊市产品质量监督检验所', accreditationNumber: 'CNAS L5102', fields: ['ELECTRICAL', 'BUILDING_MATERIALS', 'CHEMICAL'] },
    { name: '河北省纤维检验中心', accreditationNumber: 'CNAS L1987', fields: ['TEXTILE'] },
  ],
};

/** The organising institute of each region's rounds (a proficiency-testing provider). */
export const COMPARISON_ORGANISERS: Readonly<Record<RegionCode, readonly string[]>> = {
  BJ: ['北京市产品质量监督检验研究院', '北京市计量检测科学研究院', '北京市食品安全监控和风险评估中心'],
  TJ: ['天津市产品质量监督检测技术研究院', '天津市计量监督检测科学研究院', '天津市食品安全检测技术研究院'],
  HE: ['河北省产品质量监督检验研究院', '河北省计量监督检测研究院', '河北省食品检验研究院'],
};

/** What is measured in a round: the measurand, its unit, the assigned value X and σpt (decimal text). */
export interface MeasurandSeed {
  field: TestingField;
  measurand: string;
  unit: string;
  assignedValue: string;
  standardDeviation: string;
}

export const MEASURANDS: readonly MeasurandSeed[] = [
  { field: 'FOOD', measurand: '小麦粉中铅含量', unit: 'mg/kg', assignedValue: '0.215', standardDeviation: '0.032' },
  { field: 'FOOD', measurand: '婴幼儿配方乳粉中蛋白质含量', unit: 'g/100g', assignedValue: '12.52', standardDeviation: '0.45' },
  { field: 'FOOD', measurand: '食用植物油酸价', unit: 'mg/g', assignedValue: '1.32', standardDeviation: '0.11' },
  { field: 'FOOD', measurand: '白酒中甲醇含量', unit: 'g/L', assignedValue: '0.418', standardDeviation: '0.040' },
  { field: 'FOOD', measurand: '大米中镉含量', unit: 'mg/kg', assignedValue: '0.168', standardDeviation: '0.021' },
  { field: 'AGRICULTURAL', measurand: '韭菜中毒死蜱残留量', unit: 'mg/kg', assignedValue: '0.084', standardDeviation: '0.013' },
  { field: 'AGRICULTURAL', measurand: '鸡蛋中恩诺沙星残留量', unit: 'μg/kg', assignedValue: '25.4', standardDeviation: '3.8' },
  { field: 'AGRICULTURAL', measurand: '苹果中可溶性固形物', unit: '%', assignedValue: '13.6', standardDeviation: '0.5' },
  { field: 'ELECTRICAL', measurand: '家用插座温升', unit: 'K', assignedValue: '28.5', standardDeviation: '2.1' },
  { field: 'ELECTRICAL', measurand: '电线电缆导体直流电阻', unit: 'Ω/km', assignedValue: '1.830', standardDeviation: '0.025' },
  { field: 'ELECTRICAL', measurand: '电热水壶泄漏电流', unit: 'mA', assignedValue: '0.215', standardDeviation: '0.018' },
  { field: 'TEXTILE', measurand: '纺织品甲醛含量', unit: 'mg/kg', assignedValue: '58.2', standardDeviation: '6.4' },
  { field: 'TEXTILE', measurand: '纺织品水萃取液pH值', unit: '无量纲', assignedValue: '6.42', standardDeviation: '0.18' },
  { field: 'TEXTILE', measurand: '棉涤混纺织物棉纤维含量', unit: '%', assignedValue: '65.3', standardDeviation: '1.2' },
  { field: 'CHEMICAL', measurand: '水性涂料中挥发性有机化合物含量', unit: 'g/L', assignedValue: '86.0', standardDeviation: '7.5' },
  { field: 'CHEMICAL', measurand: '塑料玩具中邻苯二甲酸二(2-乙基)己酯', unit: 'mg/kg', assignedValue: '412', standardDeviation: '38' },
  { field: 'BUILDING_MATERIALS', measurand: '水泥胶砂28天抗压强度', unit: 'MPa', assignedValue: '48.6', standardDeviation: '1.9' },
  { field: 'BUILDING_MATERIALS', measurand: '热轧带肋钢筋下屈服强度', unit: 'MPa', assignedValue: '452', standardDeviation: '12' },
  { field: 'ENVIRONMENT', measurand: '地表水中化学需氧量', unit: 'mg/L', assignedValue: '86.4', standardDeviation: '4.3' },
  { field: 'MECHANICAL', measurand: '金属材料洛氏硬度', unit: 'HRC', assignedValue: '45.2', standardDeviation: '0.8' },
];
