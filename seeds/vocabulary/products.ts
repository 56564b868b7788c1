import type { ProductCategory } from '../../kernel';
import type { HazardType, RecallRemedy } from '../../services/regional/model';

export interface ProductDefect {
  hazardType: HazardType;
  /** What is wrong, as a clause: "充电器输出短路保护电路设计不当". */
  defect: string;
  /** What may happen: "引发起火". */
  consequence: string;
}

export interface ProductKind {
  name: string;
  /** Letters that open model numbers, e.g. TDT for electric bicycles. */
  modelPrefix: string;
  /** What a risk alert about this product advises consumers (the last sentence of its description). */
  advice: string;
  defects: readonly ProductDefect[];
}

export interface CategoryCatalog {
  products: readonly ProductKind[];
  remedies: readonly (readonly [RecallRemedy, number])[];
  /** Range of units made in one recalled production run. */
  quantityRange: readonly [number, number];
}

export const PRODUCT_CATALOG: Readonly<Record<ProductCategory, CategoryCatalog>> = {
  ELECTRIC_BICYCLE: {
    products: [
      {
        name: '电动自行车',
        modelPrefix: 'TDT',
        advice: '请消费者定期检查车架、前叉和制动系统，发现焊缝开裂、制动失灵或线束破损时立即停止骑行，并联系生产者检修。',
        defects: [
          { hazardType: 'MECHANICAL', defect: '前叉与车架焊接强度不足，长期骑行后焊缝可能开裂', consequence: '骑行中前叉断裂，造成人员摔伤' },
          { hazardType: 'MECHANICAL', defect: '制动性能不符合GB 17761-2018要求，湿态制动距离超标', consequence: '制动距离过长，引发交通事故' },
          { hazardType: 'FIRE', defect: '控制器线束布置不当，与车架摩擦导致绝缘层破损', consequence: '线路短路，引发起火' },
        ],
      },
      {
        name: '电动自行车充电器',
        modelPrefix: 'CD',
        advice: '请消费者使用原厂匹配的充电器，不要在室内、楼道或安全出口处充电，充满后及时断电，发现充电器异常发热时立即停止使用。',
        defects: [
          { hazardType: 'FIRE', defect: '输出短路保护电路设计不当，充满电后不能自动停止充电', consequence: '蓄电池过充发热，引发起火' },
          { hazardType: 'ELECTRIC_SHOCK', defect: '外壳防护等级不足，初级与次级电路间绝缘距离不符合标准要求', consequence: '使用者触电' },
        ],
      },
      {
        name: '电动自行车用锂离子蓄电池',
        modelPrefix: 'LB',
        advice: '请消费者不要在室内、楼道或安全出口处为电池充电，不要私自改装或更换非原厂电池，发现电池鼓包、异味、异常发热时立即停止使用。',
        defects: [
          { hazardType: 'EXPLOSION', defect: '电芯一致性差，电池管理系统过充保护功能失效', consequence: '电池热失控，发生起火甚至爆炸' },
          { hazardType: 'FIRE', defect: '电池包外壳阻燃性能不符合GB 43854-2024要求', consequence: '电池故障时火势迅速蔓延' },
        ],
      },
    ],
    remedies: [['REPLACE', 5], ['REPAIR', 3], ['REFUND', 1]],
    quantityRange: [800, 60000],
  },
  CHILDREN_PRODUCTS: {
    products: [
      {
        name: '儿童推车',
        modelPrefix: 'BS',
        advice: '请家长每次使用前确认折叠锁定装置已锁紧，检查小部件是否牢固，儿童乘坐时须有成人看护。',
        defects: [
          { hazardType: 'MECHANICAL', defect: '折叠锁定装置强度不足，使用中可能意外折叠', consequence: '夹伤儿童手指或造成儿童跌落' },
          { hazardType: 'CHOKING', defect: '遮阳篷装饰扣连接强度不足，易被儿童拉脱', consequence: '儿童误吞小部件导致窒息' },
        ],
      },
      {
        name: '婴儿床',
        modelPrefix: 'YC',
        advice: '请家长检查护栏间隙和表面涂层，发现护栏松动、涂层剥落时停止使用，婴儿睡眠时须有成人看护。',
        defects: [
          { hazardType: 'MECHANICAL', defect: '护栏立柱间隙大于GB 28007-2011规定的上限', consequence: '儿童头部或四肢被卡住' },
          { hazardType: 'CHEMICAL', defect: '表面涂层可迁移元素铅含量超标', consequence: '儿童啃咬后摄入重金属' },
        ],
      },
      {
        name: '儿童自行车',
        modelPrefix: 'ET',
        advice: '请家长骑行前检查车把立管是否锁紧，儿童骑行时佩戴头盔并有成人看护。',
        defects: [
          { hazardType: 'MECHANICAL', defect: '车把立管插入深度标记缺失，锁紧力矩不足', consequence: '骑行中车把松脱，造成儿童摔伤' },
          { hazardType: 'CHEMICAL', defect: '手把套邻苯二甲酸酯增塑剂含量超标', consequence: '危害儿童生殖和内分泌健康' },
        ],
      },
    ],
    remedies: [['REPAIR', 3], ['REPLACE', 3], ['REFUND', 2]],
    quantityRange: [300, 20000],
  },
  HOUSEHOLD_APPLIANCES: {
    products: [
      {
        name: '电暖器',
        modelPrefix: 'NDY',
        advice: '请消费者使用时远离窗帘、被褥等可燃物，不要在电暖器上覆盖衣物，人离开时切断电源。',
        defects: [
          { hazardType: 'FIRE', defect: '倾倒开关失效，产品倾倒后不能自动断电', consequence: '高温发热元件引燃周围可燃物' },
          { hazardType: 'ELECTRIC_SHOCK', defect: '接地措施不符合GB 4706.1-2005要求', consequence: '漏电时使用者触电' },
        ],
      },
      {
        name: '电热水壶',
        modelPrefix: 'SH',
        advice: '请消费者不要干烧、不要超过最高水位线加水，倒水时确认壶盖扣紧，发现异常立即停止使用。',
        defects: [
          { hazardType: 'BURN', defect: '壶盖锁扣设计不当，倾倒时壶盖可能弹开', consequence: '开水溅出造成烫伤' },
          { hazardType: 'FIRE', defect: '干烧保护温控器失效', consequence: '壶体过热，引发起火' },
        ],
      },
      {
        name: '空气炸锅',
        modelPrefix: 'KZ',
        advice: '请消费者使用时保持周围通风散热，不要触摸外壳高温部位，发现电源线发热或异味时立即断电停用。',
        defects: [
          { hazardType: 'FIRE', defect: '内部电源线与发热管距离过近，绝缘层受热老化', consequence: '短路起火' },
          { hazardType: 'BURN', defect: '外壳可触及表面温升超过标准限值', consequence: '使用者烫伤' },
        ],
      },
      {
        name: '滚筒洗衣机',
        modelPrefix: 'XQG',
        advice: '请消费者运行中不要强行开启舱门，注意看护儿童远离运行中的洗衣机，发现门锁异常时停止使用并联系生产者。',
        defects: [
          { hazardType: 'MECHANICAL', defect: '门锁装置在特定工况下失效，运行中舱门可能开启', consequence: '使用者肢体卷入造成伤害' },
        ],
      },
    ],
    remedies: [['REPAIR', 4], ['REPLACE', 3], ['REFUND', 2]],
    quantityRange: [1000, 150000],
  },
  FOOD_CONTACT: {
    products: [
      {
        name: '塑料保鲜盒',
        modelPrefix: 'BX',
        advice: '请消费者选择标注“食品接触用”的正规产品，勿用非耐热塑料容器盛装高温或油性食物。',
        defects: [
          { hazardType: 'CHEMICAL', defect: '总迁移量（4%乙酸）超过GB 4806.7-2016规定限值', consequence: '有害物质迁移至食品，危害人体健康' },
        ],
      },
      {
        name: '不锈钢保温杯',
        modelPrefix: 'BW',
        advice: '请消费者选择内胆材质标识清晰的产品，不要用保温杯长时间盛装酸性饮品，盛装热水时注意密封防烫。',
        defects: [
          { hazardType: 'CHEMICAL', defect: '内胆重金属锰迁移量超标', consequence: '长期使用危害神经系统健康' },
          { hazardType: 'BURN', defect: '杯盖密封圈设计不当，倒置时热水渗漏', consequence: '使用者烫伤' },
        ],
      },
      {
        name: '耐热玻璃饭盒',
        modelPrefix: 'BL',
        advice: '请消费者加热前查看产品耐热温差标识，避免冷热骤变，发现裂纹时停止使用。',
        defects: [{ hazardType: 'BURN', defect: '耐热冲击性能不符合标准要求，加热时可能爆裂', consequence: '玻璃碎片划伤或热食烫伤' }],
      },
      {
        name: '陶瓷餐具',
        modelPrefix: 'TC',
        advice: '请消费者选择标注“食品接触用”的正规产品，釉上彩餐具不要盛装酸性食物或用于微波加热。',
        defects: [{ hazardType: 'CHEMICAL', defect: '釉面铅、镉溶出量超过GB 4806.4-2016规定限值', consequence: '长期使用造成重金属蓄积' }],
      },
    ],
    remedies: [['REFUND', 5], ['STOP_SALE', 2], ['REPLACE', 2]],
    quantityRange: [2000, 200000],
  },
  TEXTILES: {
    products: [
      {
        name: '儿童服装',
        modelPrefix: 'ETF',
        advice: '请家长购买童装时查看标识中的安全类别，避免选购头颈部带绳带的童装，新衣物洗涤后再穿着。',
        defects: [
          { hazardType: 'CHOKING', defect: '头颈部位绳带长度不符合GB 31701-2015要求', consequence: '绳带勾挂造成儿童勒伤、窒息' },
          { hazardType: 'CHEMICAL', defect: '甲醛含量超过GB 18401-2010 A类限值', consequence: '刺激婴幼儿皮肤和呼吸道' },
        ],
      },
      {
        name: '羽绒服',
        modelPrefix: 'YR',
        advice: '请消费者购买羽绒服时查看吊牌标注的含绒量，保存购物凭证，发现与标识不符时依法维权。',
        defects: [{ hazardType: 'OTHER', defect: '含绒量与标识明示值严重不符', consequence: '保暖性能不足，损害消费者权益' }],
      },
      {
        name: '床上用品四件套',
        modelPrefix: 'SJT',
        advice: '请消费者新购床品洗涤后再使用，发现异味或褪色严重时停止使用。',
        defects: [{ hazardType: 'CHEMICAL', defect: '检出禁用可分解致癌芳香胺染料', consequence: '长期接触危害人体健康' }],
      },
    ],
    remedies: [['REFUND', 5], ['STOP_SALE', 3], ['REPLACE', 2]],
    quantityRange: [1000, 80000],
  },
  TOYS: {
    products: [
      {
        name: '磁力珠玩具',
        modelPrefix: 'CL',
        advice: '请家长不要为十四岁以下儿童购买磁力珠类玩具，发现儿童误吞磁珠立即就医。',
        defects: [{ hazardType: 'OTHER', defect: '磁体磁通量指数超过GB 6675.2-2014规定限值', consequence: '儿童误吞多颗磁珠后相互吸引，造成肠穿孔' }],
      },
      {
        name: '毛绒玩具',
        modelPrefix: 'MR',
        advice: '请家长为儿童选择适龄玩具，三岁以下儿童不得玩耍含小零件的玩具，定期检查眼鼻等部件是否牢固。',
        defects: [{ hazardType: 'CHOKING', defect: '眼睛、鼻子等小部件拉力试验不合格，易脱落', consequence: '儿童误吞导致窒息' }],
      },
      {
        name: '遥控玩具车',
        modelPrefix: 'YK',
        advice: '请家长选择电池仓须用工具才能打开的玩具，充电时有成人看护，发现电池发热时立即停止充电。',
        defects: [
          { hazardType: 'FIRE', defect: '锂电池未配置保护电路，充电时可能过热', consequence: '电池过热起火' },
          { hazardType: 'CHOKING', defect: '电池仓盖未使用工具即可打开', consequence: '儿童误吞纽扣电池，造成食道灼伤' },
        ],
      },
      {
        name: '塑胶玩具',
        modelPrefix: 'SJ',
        advice: '请家长为儿童选择标识齐全的正规玩具，避免儿童啃咬塑胶玩具，发现异味时停止使用。',
        defects: [{ hazardType: 'CHEMICAL', defect: '邻苯二甲酸酯增塑剂总含量超过0.1%', consequence: '危害儿童内分泌和生殖系统' }],
      },
    ],
    remedies: [['REFUND', 5], ['STOP_SALE', 2], ['REPLACE', 2]],
    quantityRange: [500, 100000],
  },
  COSMETICS: {
    products: [
      {
        name: '美白祛斑霜',
        modelPrefix: 'MB',
        advice: '请消费者通过“化妆品监管”APP查询产品注册备案信息，不要购买宣称“速效美白”的产品，出现不适立即停用。',
        defects: [{ hazardType: 'CHEMICAL', defect: '检出禁用物质汞，含量超过《化妆品安全技术规范》限值', consequence: '损害肾脏和神经系统' }],
      },
      {
        name: '儿童护肤霜',
        modelPrefix: 'EH',
        advice: '请家长为儿童选购已备案的儿童化妆品，不要长期使用宣称“速效”的护肤霜，出现皮肤异常立即停用并就医。',
        defects: [{ hazardType: 'CHEMICAL', defect: '检出禁用物质糖皮质激素（氯倍他索丙酸酯）', consequence: '长期使用引起儿童激素依赖性皮炎' }],
      },
      {
        name: '染发剂',
        modelPrefix: 'RF',
        advice: '请消费者使用染发剂前进行皮肤过敏测试，按说明书使用，出现红肿瘙痒时立即停用。',
        defects: [{ hazardType: 'CHEMICAL', defect: '对苯二胺含量超过规定限值，且未标注警示用语', consequence: '引起过敏性皮炎' }],
      },
    ],
    remedies: [['REFUND', 5], ['STOP_SALE', 4]],
    quantityRange: [2000, 120000],
  },
  AUTO_PARTS: {
    products: [
      {
        name: '乘用车',
        modelPrefix: 'SV',
        advice: '请车主关注召回信息，及时联系授权服务网点免费检查维修，行驶中发现异常应尽快靠边停车。',
        defects: [
          { hazardType: 'MECHANICAL', defect: '后制动软管与悬架部件存在干涉，长期使用可能磨损破裂', consequence: '制动液泄漏，制动性能下降' },
          { hazardType: 'FIRE', defect: '燃油管路卡箍安装不到位，极端情况下燃油渗漏', consequence: '遇高温热源引发车辆起火' },
          { hazardType: 'EXPLOSION', defect: '驾驶员侧安全气囊气体发生器在高温高湿环境下长期使用后可能异常展开', consequence: '金属碎片飞出，造成乘员伤害' },
        ],
      },
      {
        name: '汽车轮胎',
        modelPrefix: 'LT',
        advice: '请车主定期检查轮胎外观和胎压，发现鼓包、脱层时立即更换，及时联系经销商免费更换召回轮胎。',
        defects: [{ hazardType: 'MECHANICAL', defect: '胎面与带束层粘合强度不足，高速行驶时可能脱层', consequence: '爆胎引发交通事故' }],
      },
      {
        name: '盘式制动器衬片',
        modelPrefix: 'ZD',
        advice: '请车主及时到维修网点检查制动衬片，发现制动异响或制动距离变长时立即停车检修。',
        defects: [{ hazardType: 'MECHANICAL', defect: '摩擦材料剪切强度不符合GB 5763-2018要求', consequence: '制动时衬片脱落，制动失效' }],
      },
    ],
    remedies: [['REPAIR', 6], ['REPLACE', 3]],
    quantityRange: [200, 90000],
  },
  ELECTRICAL_ACCESSORIES: {
    products: [
      {
        name: '移动式插座',
        modelPrefix: 'CZ',
        advice: '请消费者选购带有CCC认证标志的插座，勿串接使用插座，勿超负荷使用大功率电器。',
        defects: [
          { hazardType: 'ELECTRIC_SHOCK', defect: '插套保护门失效，防触电保护不符合GB/T 2099.1要求', consequence: '儿童误插金属物触电' },
          { hazardType: 'FIRE', defect: '插套夹持力不足、导线截面积小于标称值', consequence: '接触部位过热起火' },
        ],
      },
      {
        name: '电源适配器',
        modelPrefix: 'DY',
        advice: '请消费者选购带有CCC认证标志的电源适配器，发现外壳破损或发热时停止使用。',
        defects: [{ hazardType: 'ELECTRIC_SHOCK', defect: '初级与次级电路间电气强度试验不合格', consequence: '使用者触电' }],
      },
      {
        name: '家用电线电缆',
        modelPrefix: 'BV',
        advice: '请消费者装修时选购带有CCC认证标志的电线，不要使用截面积不足的电线连接大功率电器。',
        defects: [{ hazardType: 'FIRE', defect: '导体电阻超过GB/T 3956规定值，绝缘层阻燃性能不合格', consequence: '线路过热，引发火灾' }],
      },
    ],
    remedies: [['REPLACE', 4], ['REFUND', 4], ['STOP_SALE', 2]],
    quantityRange: [5000, 200000],
  },
  BUILDING_MATERIALS: {
    products: [
      {
        name: '人造板',
        modelPrefix: 'RZB',
        advice: '请消费者选择甲醛释放量等级明确的人造板，装修后保持通风，并保存购买凭证。',
        defects: [{ hazardType: 'CHEMICAL', defect: '甲醛释放量超过GB 18580-2017规定限值', consequence: '室内甲醛超标，危害居住者健康' }],
      },
      {
        name: '内墙涂料',
        modelPrefix: 'NQ',
        advice: '请消费者选择环保指标明确的涂料，涂刷后保持通风，待气味散尽后再入住。',
        defects: [{ hazardType: 'CHEMICAL', defect: '挥发性有机化合物（VOC）含量超标', consequence: '刺激呼吸道，危害人体健康' }],
      },
      {
        name: '钢化玻璃',
        modelPrefix: 'GH',
        advice: '请消费者选购有3C标志的钢化玻璃，安装后可粘贴防爆膜，发现玻璃异常时及时更换。',
        defects: [{ hazardType: 'MECHANICAL', defect: '碎片状态试验不合格，存在自爆隐患', consequence: '玻璃自爆伤人' }],
      },
    ],
    remedies: [['REPLACE', 4], ['REFUND', 3], ['STOP_SALE', 3]],
    quantityRange: [500, 50000],
  },
  FURNITURE: {
    products: [
      {
        name: '办公转椅',
        modelPrefix: 'BG',
        advice: '请消费者检查座椅气压棒是否带有合格标识，发现座椅升降异常或漏气时停止使用。',
        defects: [{ hazardType: 'EXPLOSION', defect: '气弹簧（气压棒）耐压性能不合格，可能爆裂', consequence: '爆裂部件造成使用者伤害' }],
      },
      {
        name: '儿童书柜',
        modelPrefix: 'SG',
        advice: '请消费者安装柜类家具时使用防倾倒装置，将柜体与墙面固定，避免儿童攀爬。',
        defects: [{ hazardType: 'MECHANICAL', defect: '未配备防倾倒连接件，稳定性不符合GB 28007-2011要求', consequence: '儿童攀爬时柜体倾倒砸伤儿童' }],
      },
      {
        name: '实木复合衣柜',
        modelPrefix: 'YG',
        advice: '请消费者选择甲醛释放量标识明确的家具，新家具放置后保持通风，发现刺激性气味时停止使用。',
        defects: [{ hazardType: 'CHEMICAL', defect: '甲醛释放量超过GB 18584规定限值', consequence: '危害居住者健康' }],
      },
    ],
    remedies: [['REPAIR', 3], ['REPLACE', 4], ['REFUND', 2]],
    quantityRange: [300, 40000],
  },
  GAS_APPLIANCES: {
    products: [
      {
        name: '家用燃气灶',
        modelPrefix: 'JZT',
        advice: '请消费者选用带熄火保护装置的燃气灶，烹饪时不要离人，发现燃气泄漏立即关闭阀门、开窗通风，严禁开关电器。',
        defects: [{ hazardType: 'EXPLOSION', defect: '熄火保护装置响应时间超标，火焰意外熄灭后不能及时关闭气源', consequence: '燃气泄漏，遇明火发生爆炸' }],
      },
      {
        name: '燃气热水器',
        modelPrefix: 'JSQ',
        advice: '请消费者使用燃气热水器时保持通风，烟道须伸出室外，出现头晕、恶心时立即关闭热水器并开窗通风。',
        defects: [{ hazardType: 'CHEMICAL', defect: '烟气中一氧化碳含量超过GB 6932-2015规定限值', consequence: '一氧化碳中毒' }],
      },
      {
        name: '燃气用具连接用软管',
        modelPrefix: 'RG',
        advice: '请消费者定期检查燃气连接软管，发现老化开裂及时更换，发现燃气泄漏立即关闭阀门、开窗通风，严禁开关电器。',
        defects: [{ hazardType: 'FIRE', defect: '耐老化性能不合格，使用一段时间后易开裂漏气', consequence: '燃气泄漏引发火灾' }],
      },
    ],
    remedies: [['REPAIR', 3], ['REPLACE', 5], ['REFUND', 1]],
    quantityRange: [1000, 80000],
  },
};

export const HAZARD_PHRASES: Readonly<Record<HazardType, string>> = {
  FIRE: '起火',
  ELECTRIC_SHOCK: '触电',
  CHOKING: '窒息',
  CHEMICAL: '有害物质超标',
  MECHANICAL: '机械伤害',
  BURN: '烫伤',
  EXPLOSION: '爆炸',
  OTHER: '安全',
};
