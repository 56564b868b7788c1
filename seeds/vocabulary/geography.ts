import { REGION_FULL_CHINESE_NAMES, type ProductCategory, type RegionCode } from '../../kernel';

export interface District {
  /** Prefecture-level city, for Hebei only (Beijing and Tianjin districts sit directly under the municipality). */
  city?: string;
  name: string;
  /** GB/T 2260 code of the district or county. */
  divisionCode: string;
  /** Telephone area code. */
  areaCode: string;
  roads: readonly string[];
  /** Local industry clusters, preferred when placing manufacturers of these categories. */
  specialties?: readonly ProductCategory[];
}

export const DISTRICTS: Readonly<Record<RegionCode, readonly District[]>> = {
  BJ: [
    { name: '东城区', divisionCode: '110101', areaCode: '010', roads: ['东直门南大街', '王府井大街', '东四十条', '崇文门外大街'] },
    { name: '西城区', divisionCode: '110102', areaCode: '010', roads: ['西直门外大街', '金融大街', '西单北大街', '广安门内大街'] },
    { name: '朝阳区', divisionCode: '110105', areaCode: '010', roads: ['建国路', '东三环北路', '望京街', '酒仙桥路', '朝阳北路'] },
    { name: '丰台区', divisionCode: '110106', areaCode: '010', roads: ['丰台北路', '南四环西路', '科学城海鹰路', '马家堡东路'] },
    { name: '石景山区', divisionCode: '110107', areaCode: '010', roads: ['石景山路', '鲁谷路', '实兴大街'] },
    { name: '海淀区', divisionCode: '110108', areaCode: '010', roads: ['中关村大街', '学院路', '上地信息路', '西北旺东路'], specialties: ['HOUSEHOLD_APPLIANCES'] },
    { name: '门头沟区', divisionCode: '110109', areaCode: '010', roads: ['石龙经济开发区永安路', '新桥大街'] },
    { name: '房山区', divisionCode: '110111', areaCode: '010', roads: ['良乡拱辰大街', '阎村镇阎富路', '燕山迎风街'], specialties: ['BUILDING_MATERIALS'] },
    { name: '通州区', divisionCode: '110112', areaCode: '010', roads: ['新华西街', '运河东大街', '马驹桥镇兴贸一街'], specialties: ['COSMETICS', 'FURNITURE'] },
    { name: '顺义区', divisionCode: '110113', areaCode: '010', roads: ['府前中街', '空港工业区天竺路', '林河大街'], specialties: ['AUTO_PARTS'] },
    { name: '昌平区', divisionCode: '110114', areaCode: '010', roads: ['回龙观西大街', '科技园区超前路', '北七家镇宏福路'] },
    { name: '大兴区', divisionCode: '110115', areaCode: '010', roads: ['黄村兴华大街', '经济技术开发区科创十三街', '亦庄荣华中路'], specialties: ['AUTO_PARTS', 'ELECTRICAL_ACCESSORIES'] },
    { name: '怀柔区', divisionCode: '110116', areaCode: '010', roads: ['雁栖经济开发区乐园大街', '青春路'] },
    { name: '平谷区', divisionCode: '110117', areaCode: '010', roads: ['兴谷经济开发区平谷大街', '府前街'], specialties: ['FOOD_CONTACT'] },
    { name: '密云区', divisionCode: '110118', areaCode: '010', roads: ['经济开发区兴盛南路', '鼓楼南大街'] },
    { name: '延庆区', divisionCode: '110119', areaCode: '010', roads: ['妫水北街', '湖南东路'] },
  ],
  TJ: [
    { name: '和平区', divisionCode: '120101', areaCode: '022', roads: ['南京路', '解放北路', '滨江道', '成都道'] },
    { name: '河东区', divisionCode: '120102', areaCode: '022', roads: ['津塘路', '六纬路', '十一经路'] },
    { name: '河西区', divisionCode: '120103', areaCode: '022', roads: ['友谊路', '围堤道', '解放南路'] },
    { name: '南开区', divisionCode: '120104', areaCode: '022', roads: ['鞍山西道', '白堤路', '红旗南路'] },
    { name: '河北区', divisionCode: '120105', areaCode: '022', roads: ['中山路', '金纬路', '狮子林大街'] },
    { name: '红桥区', divisionCode: '120106', areaCode: '022', roads: ['芥园道', '西青道', '红旗路'] },
    { name: '东丽区', divisionCode: '120110', areaCode: '022', roads: ['先锋路', '华明高新区华丰路', '津塘公路'], specialties: ['ELECTRICAL_ACCESSORIES'] },
    { name: '西青区', divisionCode: '120111', areaCode: '022', roads: ['西青经济开发区赛达大道', '杨柳青镇柳口路', '中北镇中北大道'], specialties: ['HOUSEHOLD_APPLIANCES', 'AUTO_PARTS'] },
    { name: '津南区', divisionCode: '120112', areaCode: '022', roads: ['咸水沽镇津沽路', '八里台工业园区丰达道'], specialties: ['FOOD_CONTACT'] },
    { name: '北辰区', divisionCode: '120113', areaCode: '022', roads: ['北辰经济技术开发区双辰中路', '京津公路', '宜兴埠镇宜白路'], specialties: ['GAS_APPLIANCES'] },
    { name: '武清区', divisionCode: '120114', areaCode: '022', roads: ['王庆坨镇津同公路', '京滨工业园京滨大道', '杨村泉州北路'], specialties: ['ELECTRIC_BICYCLE', 'CHILDREN_PRODUCTS'] },
    { name: '宝坻区', divisionCode: '120115', areaCode: '022', roads: ['九园工业园区九园公路', '南城路'], specialties: ['TEXTILES'] },
    { name: '滨海新区', divisionCode: '120116', areaCode: '022', roads: ['经济技术开发区第三大街', '空港经济区西三道', '塘沽解放路', '中新生态城中天大道'], specialties: ['AUTO_PARTS', 'COSMETICS'] },
    { name: '宁河区', divisionCode: '120117', areaCode: '022', roads: ['芦台镇光明路', '现代产业区海航东路'] },
    { name: '静海区', divisionCode: '120118', areaCode: '022', roads: ['静海经济开发区北区汇海道', '大邱庄镇津港公路', '子牙循环经济产业区子牙环路'], specialties: ['ELECTRIC_BICYCLE', 'BUILDING_MATERIALS'] },
    { name: '蓟州区', divisionCode: '120119', areaCode: '022', roads: ['人民西大街', '渔阳南路'] },
  ],
  HE: [
    { city: '石家庄市', name: '长安区', divisionCode: '130102', areaCode: '0311', roads: ['中山东路', '建设北大街', '谈固东街'] },
    { city: '石家庄市', name: '桥西区', divisionCode: '130104', areaCode: '0311', roads: ['自强路', '中华南大街', '维明南大街'] },
    { city: '石家庄市', name: '裕华区', divisionCode: '130108', areaCode: '0311', roads: ['槐安东路', '体育南大街', '裕华东路'], specialties: ['COSMETICS'] },
    { city: '石家庄市', name: '藁城区', divisionCode: '130109', areaCode: '0311', roads: ['经济开发区天山大街', '廉州东路'], specialties: ['TEXTILES'] },
    { city: '唐山市', name: '路北区', divisionCode: '130203', areaCode: '0315', roads: ['新华西道', '建设北路', '龙泽路'], specialties: ['BUILDING_MATERIALS'] },
    { city: '唐山市', name: '丰润区', divisionCode: '130208', areaCode: '0315', roads: ['曹雪芹西道', '幸福道'] },
    { city: '秦皇岛市', name: '海港区', divisionCode: '130302', areaCode: '0335', roads: ['河北大街', '文化路', '迎宾路'], specialties: ['FOOD_CONTACT'] },
    { city: '邯郸市', name: '丛台区', divisionCode: '130403', areaCode: '0310', roads: ['人民路', '联纺路', '中华北大街'] },
    { city: '邢台市', name: '襄都区', divisionCode: '130502', areaCode: '0319', roads: ['新华北路', '团结东大街'] },
    { city: '邢台市', name: '平乡县', divisionCode: '130532', areaCode: '0319', roads: ['河古庙镇童车产业园区', '丰州镇兴业路', '中华路'], specialties: ['CHILDREN_PRODUCTS', 'TOYS', 'ELECTRIC_BICYCLE'] },
    { city: '保定市', name: '竞秀区', divisionCode: '130602', areaCode: '0312', roads: ['朝阳北大街', '东风西路', '七一西路'], specialties: ['AUTO_PARTS'] },
    { city: '保定市', name: '莲池区', divisionCode: '130606', areaCode: '0312', roads: ['裕华东路', '东风东路'] },
    { city: '保定市', name: '高碑店市', divisionCode: '130684', areaCode: '0312', roads: ['白沟新城和道国际箱包城', '白沟新城富民路'], specialties: ['TOYS', 'TEXTILES'] },
    { city: '张家口市', name: '桥东区', divisionCode: '130702', areaCode: '0313', roads: ['胜利北路', '东兴街'] },
    { city: '承德市', name: '双桥区', divisionCode: '130802', areaCode: '0314', roads: ['南营子大街', '武烈路'] },
    { city: '沧州市', name: '运河区', divisionCode: '130903', areaCode: '0317', roads: ['解放西路', '永安大道', '浮阳南大道'], specialties: ['GAS_APPLIANCES'] },
    { city: '沧州市', name: '泊头市', divisionCode: '130981', areaCode: '0317', roads: ['交河镇机电城路', '裕华西路'], specialties: ['AUTO_PARTS'] },
    { city: '廊坊市', name: '广阳区', divisionCode: '131003', areaCode: '0316', roads: ['新华路', '和平路', '银河北路'], specialties: ['HOUSEHOLD_APPLIANCES'] },
    { city: '廊坊市', name: '香河县', divisionCode: '131024', areaCode: '0316', roads: ['家具城大道', '新开街'], specialties: ['FURNITURE'] },
    { city: '廊坊市', name: '霸州市', divisionCode: '131081', areaCode: '0316', roads: ['胜芳镇东环路', '迎宾道'], specialties: ['FURNITURE', 'BUILDING_MATERIALS'] },
    { city: '衡水市', name: '桃城区', divisionCode: '131102', areaCode: '0318', roads: ['人民东路', '前进大街'], specialties: ['ELECTRICAL_ACCESSORIES'] },
    { city: '衡水市', name: '安平县', divisionCode: '131125', areaCode: '0318', roads: ['经济开发区丝网路', '安平大街'], specialties: ['BUILDING_MATERIALS'] },
  ],
};


/** e.g. 北京市朝阳区, 河北省保定市高碑店市. */
export function districtFullName(region: RegionCode, district: District): string {
  return `${REGION_FULL_CHINESE_NAMES[region]}${district.city ?? ''}${district.name}`;
}

/** The district (or county) market-supervision bureau, e.g. 天津市和平区市场监督管理局. */
export function districtAgencyName(region: RegionCode, district: District): string {
  const prefix = region === 'HE' ? (district.city ?? '') : REGION_FULL_CHINESE_NAMES[region];
  return `${prefix}${district.name}市场监督管理局`;
}

/** The provincial-level authority (Tianjin's is a commission, 市场监督管理委员会). */
export const REGION_AUTHORITY_NAMES: Readonly<Record<RegionCode, string>> = {
  BJ: '北京市市场监督管理局',
  TJ: '天津市市场监督管理委员会',
  HE: '河北省市场监督管理局',
};

/** Where recalled products were sold. */
export const SALES_AREAS: readonly string[] = [
  '北京市', '天津市', '河北省', '山西省', '内蒙古自治区', '辽宁省', '山东省', '河南省', '江苏省', '浙江省', '广东省', '陕西省',
];

export const RESIDENTIAL_COMPOUNDS: readonly string[] = [
  '阳光家园', '金地花园', '万科城', '和平里', '富力城', '华苑小区', '春华里', '幸福里', '龙湖时代天街', '保利香槟国际', '天通苑', '梅江湾', '紫金花园', '怡景园', '红旗里',
];
