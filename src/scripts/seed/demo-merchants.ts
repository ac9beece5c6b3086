import { deflateSync } from "node:zlib"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { uploadFilesWorkflow } from "@medusajs/medusa/core-flows"
import { MERCHANT_MODULE } from "../../modules/merchant"
import type MerchantModuleService from "../../modules/merchant/service"
import { makeValidUSCC, WEEKDAYS, type BusinessHours, type TimeRange } from "../../modules/merchant/utils"
import { changeMerchantStatusWorkflow } from "../../workflows/merchant/change-merchant-status"
import { createMerchantWorkflow } from "../../workflows/merchant/create-merchant"
import {
  createMerchantProductWorkflow,
  type MerchantProductInput,
} from "../../workflows/merchant/create-merchant-product"

/**
 * Demo shops around 上海 for `npm run dev`: 30 approved merchants across every default category and
 * one application waiting for review. Each one goes through the same login → application →
 * approval → catalogue path a real shop takes, so the demo exercises those workflows.
 */

export const DEMO_MERCHANT_EMAIL = "demo-merchant@tongcheng.local"
export const DEFAULT_DEMO_MERCHANT_PASSWORD = "tongcheng-merchant"

// ---------------------------------------------------------------------------
// Places: GCJ-02 points (what Amap/WeChat show) of well-known neighbourhoods
// ---------------------------------------------------------------------------

type Area = { name: string; district: string; lat: number; lng: number }

const AREAS = {
  jingan: { name: "静安寺", district: "静安区", lat: 31.2233, lng: 121.4455 },
  lujiazui: { name: "陆家嘴", district: "浦东新区", lat: 31.2397, lng: 121.4998 },
  xujiahui: { name: "徐家汇", district: "徐汇区", lat: 31.1953, lng: 121.4374 },
  wujiaochang: { name: "五角场", district: "杨浦区", lat: 31.3, lng: 121.514 },
  zhongshan: { name: "中山公园", district: "长宁区", lat: 31.2195, lng: 121.4183 },
  hongqiao: { name: "虹桥", district: "长宁区", lat: 31.197, lng: 121.402 },
  qibao: { name: "七宝", district: "闵行区", lat: 31.156, lng: 121.355 },
  xintiandi: { name: "新天地", district: "黄浦区", lat: 31.2195, lng: 121.475 },
  nanjingdong: { name: "南京东路", district: "黄浦区", lat: 31.238, lng: 121.486 },
  centurypark: { name: "世纪公园", district: "浦东新区", lat: 31.216, lng: 121.551 },
} satisfies Record<string, Area>

type AreaKey = keyof typeof AREAS

// ---------------------------------------------------------------------------
// Opening hours
// ---------------------------------------------------------------------------

const r = (open: string, close: string): TimeRange => ({ open, close })
const everyDay = (...ranges: TimeRange[]) => ({ weekly: Object.fromEntries(WEEKDAYS.map((d) => [d, ranges])) })
const monToSat = (...ranges: TimeRange[]) => ({
  weekly: Object.fromEntries(WEEKDAYS.filter((d) => d !== "sun").map((d) => [d, ranges])),
})

const HOURS = {
  restaurant: everyDay(r("10:00", "22:00")),
  lunchDinner: everyDay(r("11:00", "14:00"), r("17:00", "21:30")),
  // Hotpot and barbecue trade late: the evening shift runs past midnight and belongs to the day it opens.
  hotpot: everyDay(r("11:00", "14:00"), r("17:00", "02:00")),
  lateNight: everyDay(r("18:00", "03:00")),
  breakfast: everyDay(r("06:30", "20:00")),
  cafe: everyDay(r("07:30", "20:00")),
  salon: everyDay(r("10:00", "21:00")),
  housekeeping: monToSat(r("08:00", "18:00")),
  gym: everyDay(r("06:00", "23:00")),
  yoga: everyDay(r("07:00", "22:00")),
  footSpa: everyDay(r("12:00", "02:00")),
  pets: everyDay(r("09:00", "20:00")),
  petHospital: everyDay(r("08:30", "21:00")),
  repair: everyDay(r("08:30", "20:00")),
} satisfies Record<string, Omit<BusinessHours, "timezone">>

// 春节 follows the lunar calendar, so the next few are listed rather than computed.
const SPRING_FESTIVAL = ["2027-02-06", "2028-01-26", "2029-02-13", "2030-02-03", "2031-01-23"]

function isoDay(d: Date) {
  return d.toISOString().slice(0, 10)
}

/** The salon's upcoming holidays: a short 元旦 and closed over 除夕/春节, always in the future. */
export function holidayExceptions(now = new Date()) {
  const today = isoDay(now)
  const year = Number(today.slice(0, 4))
  const newYear = `${year + 1}-01-01`
  const out: { date: string; closed?: boolean; ranges?: TimeRange[]; note: string }[] = [
    { date: newYear, ranges: [r("12:00", "18:00")], note: "元旦假期缩短营业（New Year's Day: short hours）" },
  ]
  const festival = SPRING_FESTIVAL.find((d) => d > today)
  if (festival) {
    const eve = isoDay(new Date(Date.parse(`${festival}T00:00:00Z`) - 86_400_000))
    const days = [
      { date: eve, note: "除夕休息（closed on Spring Festival eve）" },
      { date: festival, note: "春节休息（closed for Spring Festival）" },
    ]
    for (const d of days) if (d.date > today && d.date !== newYear) out.push({ ...d, closed: true })
  }
  return out
}

// ---------------------------------------------------------------------------
// The shops
// ---------------------------------------------------------------------------

type DemoProduct = Omit<MerchantProductInput, "thumbnail" | "images" | "status">

type DemoMerchant = {
  email: string
  name: string
  category: "food" | "takeout" | "housekeeping" | "beauty" | "fitness" | "pets" | "repair"
  area: AreaKey
  street: string
  phone: string
  owner: { name: string; phone: string }
  legal_name: string
  description: string
  hours: keyof typeof HOURS
  holidays?: boolean
  status?: "pending"
  products: DemoProduct[]
}

const service = (title: string, variants: [string, number][], description?: string): DemoProduct => ({
  title,
  description,
  kind: "service",
  variants: variants.map(([t, price]) => ({ title: t, price })),
})
const goods = (title: string, variants: [string, number, number][], description?: string): DemoProduct => ({
  title,
  description,
  kind: "goods",
  variants: variants.map(([t, price, stock]) => ({ title: t, price, stock })),
})

/*
 * Product titles are unique across the whole list on purpose: Medusa derives a product's handle from
 * its title and handles are unique platform-wide, so two shops selling "洗剪吹" would collide.
 */
export const DEMO_MERCHANTS: DemoMerchant[] = [
  // ---- food 餐饮美食 ----
  {
    email: "shop01@tongcheng.local",
    name: "重庆老火锅",
    category: "food",
    area: "nanjingdong",
    street: "九江路 268 号",
    phone: "021-63512876",
    owner: { name: "陈志强", phone: "13916274481" },
    legal_name: "上海渝味餐饮管理有限公司",
    description: "正宗重庆牛油火锅，九宫格老灶，毛肚鸭肠现切现涮；营业到凌晨两点，夜宵首选。",
    hours: "hotpot",
    products: [
      goods("招牌毛血旺", [["标准份", 58, 80]], "鸭血、毛肚、黄喉、午餐肉，麻辣鲜香。"),
      goods("牛油麻辣锅底", [["红汤锅", 58, 200], ["鸳鸯锅", 68, 200]]),
      goods("手切鲜毛肚", [["一份", 42, 60]]),
      service("双人火锅套餐", [["双人", 198]], "含锅底、毛肚、肥牛、鸭肠、时蔬拼盘，到店使用。"),
    ],
  },
  {
    email: "shop02@tongcheng.local",
    name: "弄堂里本帮菜",
    category: "food",
    area: "xintiandi",
    street: "马当路 245 号",
    phone: "021-53821067",
    owner: { name: "王秀英", phone: "13801762395" },
    legal_name: "上海弄堂里餐饮有限公司",
    description: "石库门里的老上海味道：浓油赤酱红烧肉、油爆虾、春天的腌笃鲜。",
    hours: "restaurant",
    products: [
      goods("本帮红烧肉", [["标准份", 68, 50]]),
      goods("油爆河虾", [["标准份", 88, 30]]),
      goods("腌笃鲜", [["小份", 58, 40], ["大份", 98, 40]]),
    ],
  },
  {
    email: "shop03@tongcheng.local",
    name: "南翔小笼馆",
    category: "food",
    area: "qibao",
    street: "富强街 58 号",
    phone: "021-64196532",
    owner: { name: "李建华", phone: "13761829054" },
    legal_name: "上海市闵行区七宝南翔小笼馆（个体工商户）",
    description: "七宝老街里的小笼包店，现包现蒸，皮薄汤多；一早开门，赶早的老客最多。",
    hours: "breakfast",
    products: [
      goods("鲜肉小笼包", [["一笼（8 只）", 28, 100]]),
      goods("蟹粉小笼包", [["一笼（8 只）", 58, 60]]),
      goods("鸡鸭血汤", [["一碗", 12, 80]]),
    ],
  },
  {
    email: "shop04@tongcheng.local",
    name: "蜀香川菜馆",
    category: "food",
    area: "wujiaochang",
    street: "政通路 177 号",
    phone: "021-65103389",
    owner: { name: "张丽娟", phone: "15821937760" },
    legal_name: "上海蜀香餐饮有限公司",
    description: "地道川菜，水煮鱼、宫保鸡丁、夫妻肺片，大学路旁的聚餐老店。",
    hours: "lunchDinner",
    products: [
      goods("水煮鱼", [["标准份", 78, 40]]),
      goods("宫保鸡丁", [["标准份", 42, 60]]),
      goods("夫妻肺片", [["标准份", 36, 50]]),
    ],
  },
  {
    email: "shop05@tongcheng.local",
    name: "撸串深夜烧烤",
    category: "food",
    area: "qibao",
    street: "七莘路 1885 号",
    phone: "13671904528",
    owner: { name: "刘伟", phone: "13671904528" },
    legal_name: "上海市闵行区撸串烧烤店（个体工商户）",
    description: "傍晚六点开炉，凌晨三点收摊；新疆羊肉串、蒜蓉生蚝，配冰啤酒。",
    hours: "lateNight",
    products: [
      goods("新疆羊肉串", [["10 串", 35, 300]]),
      goods("蒜蓉烤生蚝", [["6 只", 48, 120]]),
      goods("蜜汁烤鸡翅", [["4 只", 26, 150]]),
    ],
  },
  {
    email: "shop06@tongcheng.local",
    name: "粤味茶餐厅",
    category: "food",
    area: "lujiazui",
    street: "东方路 738 号",
    phone: "021-58307712",
    owner: { name: "黄晓燕", phone: "13917450836" },
    legal_name: "上海粤味餐饮管理有限公司",
    description: "港式茶餐厅：菠萝油、干炒牛河、冻柠茶，写字楼午餐快手之选。",
    hours: "restaurant",
    products: [
      goods("冰火菠萝油", [["一个", 18, 100]]),
      goods("干炒牛河", [["标准份", 46, 60]]),
      goods("港式冻柠茶", [["大杯", 16, 200]]),
    ],
  },
  {
    email: "shop07@tongcheng.local",
    name: "和风日式料理",
    category: "food",
    area: "hongqiao",
    street: "黄金城道 555 号",
    phone: "021-62703318",
    owner: { name: "赵磊", phone: "13564082217" },
    legal_name: "上海和风餐饮有限公司",
    description: "古北的日式小馆，每日空运三文鱼，鳗鱼饭现烤。",
    hours: "lunchDinner",
    products: [
      goods("三文鱼刺身拼盘", [["12 片", 88, 30]]),
      goods("蒲烧鳗鱼饭", [["标准份", 68, 40]]),
      service("主厨精选套餐", [["一位", 388]], "八道料理，需提前一天预约。"),
    ],
  },
  // ---- takeout 外卖 ----
  {
    email: "shop08@tongcheng.local",
    name: "阿婆葱油拌面",
    category: "takeout",
    area: "nanjingdong",
    street: "福州路 399 号",
    phone: "13817265093",
    owner: { name: "周阿婆", phone: "13817265093" },
    legal_name: "上海市黄浦区阿婆面馆（个体工商户）",
    description: "熬足三小时的葱油，配手工细面；大排面、辣肉面都是老上海的味道。",
    hours: "restaurant",
    products: [
      goods("葱油拌面", [["一碗", 18, 200]]),
      goods("红烧大排面", [["一碗", 28, 120]]),
      goods("辣肉浇头面", [["一碗", 26, 120]]),
    ],
  },
  {
    email: "shop09@tongcheng.local",
    name: "轻食沙拉工坊",
    category: "takeout",
    area: "lujiazui",
    street: "银城中路 168 号",
    phone: "021-50396621",
    owner: { name: "杨敏", phone: "18616230974" },
    legal_name: "上海轻食工坊餐饮管理有限公司",
    description: "低脂高蛋白的沙拉和能量碗，半小时送到陆家嘴写字楼。",
    hours: "restaurant",
    products: [
      goods("牛油果鸡胸沙拉", [["标准份", 39, 80]]),
      goods("藜麦牛肉能量碗", [["标准份", 45, 60]]),
      goods("冷压果蔬汁", [["350ml", 22, 100]]),
    ],
  },
  {
    email: "shop10@tongcheng.local",
    name: "鲁味黄焖鸡米饭",
    category: "takeout",
    area: "wujiaochang",
    street: "国定路 335 号",
    phone: "15900718842",
    owner: { name: "孙国庆", phone: "15900718842" },
    legal_name: "上海市杨浦区鲁味快餐店（个体工商户）",
    description: "砂锅现焖，米饭管够，学生党的外卖常客。",
    hours: "restaurant",
    products: [
      goods("招牌黄焖鸡米饭", [["小份", 22, 200], ["大份", 28, 200]]),
      goods("黄焖排骨饭", [["标准份", 32, 100]]),
    ],
  },
  {
    email: "shop11@tongcheng.local",
    name: "街角咖啡",
    category: "takeout",
    area: "jingan",
    street: "愚园路 68 号",
    phone: "021-62486057",
    owner: { name: "吴思远", phone: "13482170365" },
    legal_name: "上海街角咖啡有限公司",
    description: "愚园路上的精品咖啡小店，自家烘焙豆子，外送到静安寺周边。",
    hours: "cafe",
    products: [
      goods("燕麦拿铁", [["中杯", 28, 150], ["大杯", 32, 150]]),
      goods("冰美式", [["大杯", 22, 150]]),
      goods("黄油可颂", [["一个", 18, 60]]),
    ],
  },
  // ---- housekeeping 家政服务 ----
  {
    email: "shop12@tongcheng.local",
    name: "家庭保洁服务",
    category: "housekeeping",
    area: "zhongshan",
    street: "定西路 1100 号",
    phone: "021-62118804",
    owner: { name: "徐桂芳", phone: "13601885273" },
    legal_name: "上海洁家家庭服务有限公司",
    description: "持证保洁阿姨上门，自带工具和环保清洁剂，日常保洁、深度保洁、擦玻璃。",
    hours: "housekeeping",
    products: [
      service("日常保洁", [["2 小时", 120], ["4 小时", 220]]),
      service("深层保洁 3 小时", [["3 小时", 299]], "厨房油污、卫生间水垢、地面边角深度清洁。"),
      service("全屋擦玻璃", [["三室以内", 199]]),
    ],
  },
  {
    email: "shop13@tongcheng.local",
    name: "安心家政月嫂中心",
    category: "housekeeping",
    area: "xujiahui",
    street: "天钥桥路 580 号",
    phone: "021-64380915",
    owner: { name: "马慧敏", phone: "13918047726" },
    legal_name: "上海安心家政服务有限公司",
    description: "金牌月嫂、育儿嫂、住家保姆，均持健康证与母婴护理证书。",
    hours: "housekeeping",
    products: [
      service("金牌月嫂 26 天", [["26 天", 12800]]),
      service("育儿嫂（月）", [["白班", 7800], ["住家", 9800]]),
      service("住家保姆试工", [["1 天", 380]]),
    ],
  },
  {
    email: "shop14@tongcheng.local",
    name: "净然家电清洗",
    category: "housekeeping",
    area: "centurypark",
    street: "芳甸路 300 号",
    phone: "18817302459",
    owner: { name: "郑海涛", phone: "18817302459" },
    legal_name: "上海净然家政服务有限公司",
    description: "空调、油烟机、洗衣机拆洗除菌，高温蒸汽不伤机器。",
    hours: "housekeeping",
    products: [
      service("挂式空调清洗", [["一台", 89]]),
      service("油烟机深度清洗", [["一台", 169]]),
      service("洗衣机除菌清洗", [["波轮", 129], ["滚筒", 159]]),
    ],
  },
  {
    email: "shop15@tongcheng.local",
    name: "邻家小时工",
    category: "housekeeping",
    area: "qibao",
    street: "漕宝路 3366 号",
    phone: "13585720641",
    owner: { name: "钱玉兰", phone: "13585720641" },
    legal_name: "上海市闵行区邻家家政服务部（个体工商户）",
    description: "附近的钟点工阿姨，打扫、做饭、收纳，按小时计费。",
    hours: "housekeeping",
    products: [
      service("钟点工", [["2 小时", 100], ["3 小时", 145]]),
      service("上门做饭（两菜一汤）", [["一次", 80]]),
    ],
  },
  {
    email: "shop16@tongcheng.local",
    name: "新居开荒保洁",
    category: "housekeeping",
    area: "centurypark",
    street: "锦绣路 1500 号",
    phone: "021-58819436",
    owner: { name: "冯建军", phone: "13764319058" },
    legal_name: "上海新居保洁服务有限公司",
    description: "装修后开荒保洁，除胶、除尘、擦窗一次到位。",
    hours: "housekeeping",
    products: [
      service("新房开荒保洁", [["100㎡ 以内", 599], ["100–150㎡", 799]]),
      service("室内甲醛检测", [["三室以内", 299]]),
    ],
  },
  // ---- beauty 美容美发 ----
  {
    email: DEMO_MERCHANT_EMAIL,
    name: "指尖艺术美甲",
    category: "beauty",
    area: "jingan",
    street: "南京西路 1618 号",
    phone: "021-62887530",
    owner: { name: "林小雨", phone: "13816620397" },
    legal_name: "上海指尖艺术美容有限公司",
    description: "日式美甲与手部护理，每位美甲师五年以上经验；节假日营业时间见公告。",
    hours: "salon",
    holidays: true,
    products: [
      service("纯色美甲", [["单色", 128]]),
      service("猫眼美甲", [["标准", 168]]),
      service("手部护理", [["45 分钟", 98]]),
    ],
  },
  {
    email: "shop18@tongcheng.local",
    name: "剪艺造型",
    category: "beauty",
    area: "xujiahui",
    street: "漕溪北路 398 号",
    phone: "021-64872219",
    owner: { name: "高峰", phone: "13917786302" },
    legal_name: "上海剪艺美发有限公司",
    description: "徐家汇的美发沙龙，剪、染、烫一站完成。",
    hours: "salon",
    products: [
      service("洗剪吹", [["设计师", 68], ["总监", 128]]),
      service("时尚染发", [["短发", 388], ["长发", 488]]),
      service("质感烫发", [["标准", 488]]),
    ],
  },
  {
    email: "shop19@tongcheng.local",
    name: "静颜美容SPA",
    category: "beauty",
    area: "xintiandi",
    street: "太仓路 181 号",
    phone: "021-53065578",
    owner: { name: "何静", phone: "18601793341" },
    legal_name: "上海静颜美容有限公司",
    description: "面部护理与芳香 SPA，独立护理间。",
    hours: "salon",
    products: [
      service("面部补水护理", [["60 分钟", 298]]),
      service("肩颈精油按摩", [["60 分钟", 268]]),
    ],
  },
  {
    email: "shop20@tongcheng.local",
    name: "型男理发店",
    category: "beauty",
    area: "wujiaochang",
    street: "邯郸路 600 号",
    phone: "17621450983",
    owner: { name: "罗浩", phone: "17621450983" },
    legal_name: "上海市杨浦区型男理发店（个体工商户）",
    description: "男士快剪与油头造型，十五分钟搞定。",
    hours: "salon",
    products: [
      service("男士精剪", [["标准", 38]]),
      service("男士烫发", [["标准", 188]]),
      service("修面刮胡", [["标准", 30]]),
    ],
  },
  {
    email: "shop21@tongcheng.local",
    name: "睫美睫毛工作室",
    category: "beauty",
    area: "zhongshan",
    street: "凯旋路 1100 号",
    phone: "13621986470",
    owner: { name: "谢婷", phone: "13621986470" },
    legal_name: "上海市长宁区睫美美容工作室（个体工商户）",
    description: "嫁接睫毛与眉形设计，一对一服务。",
    hours: "salon",
    products: [
      service("自然款嫁接睫毛", [["标准", 199]]),
      service("半永久眉", [["含补色一次", 1280]]),
    ],
  },
  {
    email: "shop22@tongcheng.local",
    name: "花漾美发沙龙",
    category: "beauty",
    area: "centurypark",
    street: "梅花路 700 号",
    phone: "021-50187723",
    owner: { name: "宋佳", phone: "13585067129" },
    legal_name: "上海花漾美发有限公司",
    description: "联洋社区的美发沙龙，擅长日系短发和头皮养护。",
    hours: "salon",
    products: [
      service("女士精剪", [["设计师", 98]]),
      service("头皮养护", [["60 分钟", 158]]),
      service("日式护发", [["标准", 238]]),
    ],
  },
  // ---- fitness 休闲健身 ----
  {
    email: "shop23@tongcheng.local",
    name: "力动健身工作室",
    category: "fitness",
    area: "lujiazui",
    street: "浦东南路 855 号",
    phone: "021-68861204",
    owner: { name: "韩冬", phone: "13916603378" },
    legal_name: "上海力动健身服务有限公司",
    description: "一对一私教和小团课，早六点到晚十一点，下班也能练。",
    hours: "gym",
    products: [
      service("私教课", [["单节", 399], ["10 节", 3490]]),
      service("健身月卡", [["30 天", 599]]),
    ],
  },
  {
    email: "shop24@tongcheng.local",
    name: "静心瑜伽馆",
    category: "fitness",
    area: "jingan",
    street: "华山路 228 号",
    phone: "021-62590317",
    owner: { name: "唐雪", phone: "18721904465" },
    legal_name: "上海静心瑜伽健身有限公司",
    description: "哈他、流瑜伽、空中瑜伽，小班教学。",
    hours: "yoga",
    products: [
      service("瑜伽体验课", [["一节", 99]]),
      service("瑜伽 10 次卡", [["10 次", 1280]]),
    ],
  },
  {
    email: "shop25@tongcheng.local",
    name: "足道养生馆",
    category: "fitness",
    area: "qibao",
    street: "新镇路 1250 号",
    phone: "021-64785190",
    owner: { name: "许文斌", phone: "13918562204" },
    legal_name: "上海足道养生保健有限公司",
    description: "中式足疗与推拿，营业到凌晨两点。",
    hours: "footSpa",
    products: [
      service("经典足疗", [["60 分钟", 158], ["90 分钟", 218]]),
      service("中式推拿", [["60 分钟", 198]]),
    ],
  },
  // ---- pets 宠物服务 ----
  {
    email: "shop26@tongcheng.local",
    name: "萌宠之家宠物美容",
    category: "pets",
    area: "zhongshan",
    street: "汇川路 88 号",
    phone: "021-52065581",
    owner: { name: "曹蕾", phone: "13661987042" },
    legal_name: "上海萌宠之家宠物服务有限公司",
    description: "猫狗洗护、造型修剪，另售进口主粮零食。",
    hours: "pets",
    products: [
      service("小型犬洗护", [["10 斤以内", 88]]),
      service("猫咪洗澡", [["短毛", 128], ["长毛", 168]]),
      goods("冻干猫粮", [["500g", 69, 40]]),
    ],
  },
  {
    email: "shop27@tongcheng.local",
    name: "瑞宠动物医院",
    category: "pets",
    area: "hongqiao",
    street: "虹桥路 2288 号",
    phone: "021-62958473",
    owner: { name: "邓医生", phone: "13801635529" },
    legal_name: "上海瑞宠动物诊疗有限公司",
    description: "执业兽医坐诊，疫苗、体检、绝育手术。",
    hours: "petHospital",
    products: [
      service("犬猫疫苗接种", [["一针", 120]]),
      service("宠物全面体检", [["基础", 198], ["全面", 498]]),
    ],
  },
  {
    email: "shop28@tongcheng.local",
    name: "喵汪寄养中心",
    category: "pets",
    area: "centurypark",
    street: "白杨路 1100 号",
    phone: "15618830264",
    owner: { name: "彭飞", phone: "15618830264" },
    legal_name: "上海市浦东新区喵汪宠物寄养店（个体工商户）",
    description: "独立猫房、每日视频报平安；也可上门喂猫。",
    hours: "pets",
    products: [
      service("宠物寄养（每晚）", [["猫", 80], ["小型犬", 100]]),
      service("上门喂猫", [["一次", 60]]),
    ],
  },
  // ---- repair 维修服务 ----
  {
    email: "shop29@tongcheng.local",
    name: "速修家电维修",
    category: "repair",
    area: "xujiahui",
    street: "宜山路 455 号",
    phone: "021-64092286",
    owner: { name: "袁建平", phone: "13601927748" },
    legal_name: "上海速修家电维修服务有限公司",
    description: "洗衣机、冰箱、空调上门维修，先检测后报价。",
    hours: "repair",
    products: [
      service("家电上门检测", [["一次", 50]]),
      service("洗衣机维修", [["常见故障", 150]]),
      service("冰箱加氟", [["一台", 180]]),
    ],
  },
  {
    email: "shop30@tongcheng.local",
    name: "安居水电维修",
    category: "repair",
    area: "nanjingdong",
    street: "浙江中路 400 号",
    phone: "13764082915",
    owner: { name: "蒋师傅", phone: "13764082915" },
    legal_name: "上海市黄浦区安居水电维修部（个体工商户）",
    description: "水管疏通、龙头更换、电路检修，一小时上门。",
    hours: "repair",
    products: [
      service("水管疏通", [["一处", 120]]),
      service("更换水龙头", [["含人工", 80]]),
      service("电路检修", [["上门", 100]]),
    ],
  },
  // ---- waiting for review 待审核 ----
  {
    email: "shop31@tongcheng.local",
    name: "阿芳家常菜",
    category: "food",
    area: "wujiaochang",
    street: "翔殷路 1128 号",
    phone: "021-65432870",
    owner: { name: "沈阿芳", phone: "13917268845" },
    legal_name: "上海市杨浦区阿芳家常菜馆（个体工商户）",
    description: "家常小炒和盖浇饭，申请入驻，等待平台审核。",
    hours: "restaurant",
    status: "pending",
    products: [],
  },
]

// ---------------------------------------------------------------------------
// Pictures: small PNGs drawn in code, so the demo needs no binary assets
// ---------------------------------------------------------------------------

type RGB = [number, number, number]

function hsl(h: number, s: number, l: number): RGB {
  const k = (n: number) => (n + h / 30) % 12
  const a = s * Math.min(l, 1 - l)
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)))
  return [Math.round(f(0) * 255), Math.round(f(8) * 255), Math.round(f(4) * 255)]
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

function crc32(buf: Buffer) {
  let c = 0xffffffff
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

class Canvas {
  readonly px: Uint8Array
  constructor(readonly w: number, readonly h: number) {
    this.px = new Uint8Array(w * h * 4)
  }

  private blend(x: number, y: number, c: RGB, alpha: number) {
    if (x < 0 || y < 0 || x >= this.w || y >= this.h) return
    const px = this.px
    const i = (y * this.w + x) * 4
    // Fast paths for the common cases (opaque paint, opaque background): a few hundred images are drawn per seed.
    if (alpha >= 1) {
      px[i] = c[0]
      px[i + 1] = c[1]
      px[i + 2] = c[2]
      px[i + 3] = 255
      return
    }
    if (px[i + 3] === 255) {
      for (let k = 0; k < 3; k++) px[i + k] = Math.round(px[i + k] + (c[k] - px[i + k]) * alpha)
      return
    }
    const a0 = px[i + 3] / 255
    const a = alpha + a0 * (1 - alpha)
    if (a === 0) return
    for (let k = 0; k < 3; k++) px[i + k] = Math.round((c[k] * alpha + px[i + k] * a0 * (1 - alpha)) / a)
    px[i + 3] = Math.round(a * 255)
  }

  gradient(top: RGB, bottom: RGB, y0 = 0, y1 = this.h) {
    for (let y = y0; y < y1; y++) {
      const t = (y - y0) / Math.max(1, y1 - y0 - 1)
      const row = y * this.w * 4
      for (let k = 0; k < 3; k++) this.px[row + k] = Math.round(top[k] + (bottom[k] - top[k]) * t)
      this.px[row + 3] = 255
      for (let filled = 4; filled < this.w * 4; filled *= 2) {
        this.px.copyWithin(row + filled, row, row + Math.min(filled, this.w * 4 - filled))
      }
    }
    return this
  }

  stripes(period: number, width: number, c: RGB, alpha: number) {
    for (let y = 0; y < this.h; y++)
      for (let x = 0; x < this.w; x++) if ((x - y + this.h * period) % period < width) this.blend(x, y, c, alpha)
    return this
  }

  rect(x0: number, y0: number, w: number, h: number, c: RGB, alpha = 1) {
    for (let y = Math.max(0, y0); y < Math.min(this.h, y0 + h); y++)
      for (let x = Math.max(0, x0); x < Math.min(this.w, x0 + w); x++) this.blend(x, y, c, alpha)
    return this
  }

  circle(cx: number, cy: number, radius: number, c: RGB, alpha = 1) {
    for (let y = Math.floor(cy - radius); y <= cy + radius; y++)
      for (let x = Math.floor(cx - radius); x <= cx + radius; x++)
        if ((x - cx) ** 2 + (y - cy) ** 2 <= radius * radius) this.blend(x, y, c, alpha)
    return this
  }

  /** Transparent corners, so a logo reads as a rounded tile on any page colour. */
  roundCorners(radius: number) {
    for (let y = 0; y < this.h; y++)
      for (let x = 0; x < this.w; x++) {
        const dx = x < radius ? radius - x : x >= this.w - radius ? x - (this.w - radius - 1) : 0
        const dy = y < radius ? radius - y : y >= this.h - radius ? y - (this.h - radius - 1) : 0
        if (dx && dy && dx * dx + dy * dy > radius * radius) this.px[(y * this.w + x) * 4 + 3] = 0
      }
    return this
  }

  icon(bitmap: readonly string[], cx: number, cy: number, scale: number, c: RGB, alpha = 1) {
    const x0 = Math.round(cx - (bitmap[0].length * scale) / 2)
    const y0 = Math.round(cy - (bitmap.length * scale) / 2)
    bitmap.forEach((row, j) =>
      [...row].forEach((ch, i) => {
        if (ch === "#") this.rect(x0 + i * scale, y0 + j * scale, scale, scale, c, alpha)
      })
    )
    return this
  }

  png(): Buffer {
    const stride = this.w * 4 + 1
    const raw = Buffer.alloc(stride * this.h)
    for (let y = 0; y < this.h; y++) {
      raw[y * stride] = 0 // filter type "none"; deflate still shrinks the flat colour areas well
      raw.set(this.px.subarray(y * this.w * 4, (y + 1) * this.w * 4), y * stride + 1)
    }
    const chunk = (type: string, data: Buffer) => {
      const len = Buffer.alloc(4)
      len.writeUInt32BE(data.length)
      const body = Buffer.concat([Buffer.from(type, "ascii"), data])
      const crc = Buffer.alloc(4)
      crc.writeUInt32BE(crc32(body))
      return Buffer.concat([len, body, crc])
    }
    const ihdr = Buffer.alloc(13)
    ihdr.writeUInt32BE(this.w, 0)
    ihdr.writeUInt32BE(this.h, 4)
    ihdr.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA, no interlace
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", ihdr),
      chunk("IDAT", deflateSync(raw)),
      chunk("IEND", Buffer.alloc(0)),
    ])
  }
}

// 16×16 pictograms, one per category: a bowl, a bag, a house, scissors, a dumbbell, a paw, a wrench.
const ICONS: Record<DemoMerchant["category"], readonly string[]> = {
  food: [
    "................",
    "....#...#...#...",
    "...#...#...#....",
    "....#...#...#...",
    "...#...#...#....",
    "................",
    "################",
    "################",
    ".##############.",
    ".##############.",
    "..############..",
    "...##########...",
    "....########....",
    ".....######.....",
    "....########....",
    "................",
  ],
  takeout: [
    "................",
    ".....######.....",
    "....##....##....",
    "....#......#....",
    "..############..",
    "..############..",
    "..############..",
    "..#####..#####..",
    "..####....####..",
    "..#####..#####..",
    "..############..",
    "..############..",
    "..############..",
    "..############..",
    "..############..",
    "................",
  ],
  housekeeping: [
    ".......##.......",
    "......####......",
    ".....######.....",
    "....########....",
    "...##########...",
    "..############..",
    ".##############.",
    "################",
    "..############..",
    "..############..",
    "..####....####..",
    "..####....####..",
    "..####....####..",
    "..####....####..",
    "..####....####..",
    "................",
  ],
  beauty: [
    "................",
    ".##.........##..",
    "..##.......##...",
    "...##.....##....",
    "....##...##.....",
    ".....##.##......",
    "......###.......",
    "......###.......",
    ".....##.##......",
    "...####.####....",
    "..##..#.#..##...",
    ".##....#....##..",
    ".##....#....##..",
    "..##..#.#..##...",
    "...####.####....",
    "................",
  ],
  fitness: [
    "................",
    "................",
    "................",
    ".##..........##.",
    ".##..........##.",
    "####........####",
    "####........####",
    "################",
    "################",
    "####........####",
    "####........####",
    ".##..........##.",
    ".##..........##.",
    "................",
    "................",
    "................",
  ],
  pets: [
    "....##....##....",
    "...####..####...",
    "...####..####...",
    "....##....##....",
    ".##..........##.",
    "####........####",
    "####...##...####",
    ".##..######..##.",
    "....########....",
    "...##########...",
    "...##########...",
    "...##########...",
    "....########....",
    ".....##..##.....",
    "................",
    "................",
  ],
  repair: [
    "................",
    "...........##...",
    "..........##....",
    "..........##..#.",
    "..........##.##.",
    "..........#####.",
    ".........#####..",
    "........###.....",
    ".......###......",
    "......###.......",
    ".....###........",
    "....###.........",
    "...###..........",
    "..###...........",
    "..##............",
    "................",
  ],
}

const CATEGORY_HUE: Record<DemoMerchant["category"], number> = {
  food: 8,
  takeout: 30,
  housekeeping: 188,
  beauty: 330,
  fitness: 145,
  pets: 45,
  repair: 215,
}

const WHITE: RGB = [255, 255, 255]

function shopHue(m: DemoMerchant, index: number) {
  return (CATEGORY_HUE[m.category] + ((index * 7) % 25) - 12 + 360) % 360
}

function logoPng(m: DemoMerchant, hue: number) {
  const c = new Canvas(160, 160)
  c.gradient(hsl(hue, 0.7, 0.55), hsl(hue, 0.7, 0.42))
  c.circle(80, 80, 56, WHITE, 0.95)
  c.icon(ICONS[m.category], 80, 80, 5, hsl(hue, 0.7, 0.42))
  return c.roundCorners(28).png()
}

/** Three views: a shop front, an interior, a close-up; different enough to tell apart in a gallery. */
function photoPng(m: DemoMerchant, hue: number, view: number) {
  const c = new Canvas(480, 320)
  const dark = hsl(hue, 0.55, 0.3)
  if (view === 0) {
    c.gradient(hsl(205, 0.6, 0.85), hsl(205, 0.5, 0.95), 0, 120)
    c.rect(0, 120, 480, 200, hsl(hue, 0.45, 0.75))
    c.rect(40, 60, 400, 70, dark)
    for (let i = 0; i < 5; i++) c.icon(ICONS[m.category], 88 + i * 76, 95, 3, WHITE, 0.9)
    c.rect(60, 160, 140, 110, hsl(200, 0.4, 0.88), 0.9)
    c.rect(280, 160, 140, 110, hsl(200, 0.4, 0.88), 0.9)
    c.rect(215, 170, 50, 150, dark, 0.85)
    c.rect(0, 300, 480, 20, hsl(30, 0.1, 0.6))
  } else if (view === 1) {
    c.gradient(hsl(hue, 0.35, 0.9), hsl(hue, 0.3, 0.7))
    c.rect(0, 230, 480, 90, hsl(30, 0.35, 0.55))
    for (let i = 0; i < 4; i++) c.circle(60 + i * 120, 40, 14, hsl(48, 0.95, 0.7), 0.9)
    for (let i = 0; i < 3; i++) {
      c.rect(40 + i * 150, 190, 110, 14, dark, 0.9)
      c.rect(88 + i * 150, 204, 14, 40, dark, 0.9)
    }
    c.icon(ICONS[m.category], 240, 120, 6, dark, 0.25)
  } else {
    c.gradient(hsl(hue, 0.65, 0.5), hsl((hue + 30) % 360, 0.65, 0.4))
    c.stripes(40, 14, WHITE, 0.08)
    c.circle(240, 160, 110, WHITE, 0.92)
    c.icon(ICONS[m.category], 240, 160, 10, hsl(hue, 0.65, 0.42))
  }
  return c.png()
}

function productPng(m: DemoMerchant, hue: number, i: number) {
  const h = (hue + i * 23) % 360
  const c = new Canvas(240, 240)
  c.gradient(hsl(h, 0.55, 0.62), hsl(h, 0.6, 0.45))
  c.circle(120, 120, 84, WHITE, 0.2)
  c.icon(ICONS[m.category], 120, 120, 8, WHITE, 0.95)
  return c.png()
}

let licence: Buffer | undefined

/** A stand-in 营业执照 (red frame, emblem, lines where the text would be); one picture serves every shop. */
function licencePng() {
  if (licence) return licence
  const red: RGB = [196, 30, 36]
  const paper: RGB = [250, 246, 236]
  const c = new Canvas(300, 420)
  c.rect(0, 0, 300, 420, paper)
  c.rect(10, 10, 280, 400, red)
  c.rect(18, 18, 264, 384, paper)
  c.circle(150, 70, 30, red).circle(150, 70, 18, [245, 200, 60])
  for (let i = 0; i < 9; i++) c.rect(50, 130 + i * 24, i % 3 === 2 ? 120 : 200, 8, [90, 90, 90], 0.6)
  c.circle(220, 350, 36, red, 0.75).circle(220, 350, 28, paper, 0.9)
  licence = c.png()
  return licence
}

// ---------------------------------------------------------------------------
// Seeding
// ---------------------------------------------------------------------------

/** Deterministic ±~400 m spread, so shops in one neighbourhood do not sit on the same pin. */
function offset(index: number) {
  const a = Math.sin((index + 1) * 12.9898) * 43758.5453
  const b = Math.sin((index + 1) * 78.233) * 12345.6789
  const frac = (x: number) => x - Math.floor(x)
  return { dLat: (frac(a) - 0.5) * 0.008, dLng: (frac(b) - 0.5) * 0.009 }
}

export type DemoSeedResult = {
  created: number
  existing: number
  skipped: string[]
  login: { email: string; password: string }
}

type Logger = { info(msg: string): void; warn(msg: string): void }

async function uploadPictures(container: MedusaContainer, m: DemoMerchant, index: number) {
  const hue = shopHue(m, index)
  const key = m.email.split("@")[0]
  const files = [
    { name: "logo", png: logoPng(m, hue), access: "public" as const },
    ...[0, 1, 2].map((v) => ({ name: `photo-${v + 1}`, png: photoPng(m, hue, v), access: "public" as const })),
    // Licence scans are review material, never shown to consumers.
    { name: "licence", png: licencePng(), access: "private" as const },
    ...m.products.map((_, i) => ({ name: `product-${i + 1}`, png: productPng(m, hue, i), access: "public" as const })),
  ]
  const { result } = await uploadFilesWorkflow(container).run({
    input: {
      files: files.map((f) => ({
        // Private files go without a folder: Medusa's local provider finds them again only by a key that
        // starts with "private-".
        filename: f.access === "private" ? `demo-${key}-${f.name}.png` : `demo/${key}-${f.name}.png`,
        mimeType: "image/png",
        content: f.png.toString("base64"),
        access: f.access,
      })),
    },
  })
  const urls = (result as { url: string }[]).map((f) => f.url)
  return {
    logo: urls[0],
    photos: urls.slice(1, 4),
    // A private file is named by its key, never a URL: the admin serves it to operators only.
    licence_image: (result as { id: string }[])[4].id,
    products: urls.slice(5),
  }
}

/** The login first, as a real applicant registers before applying. Reuses a login left by an interrupted run. */
async function registerLogin(container: MedusaContainer, email: string, password: string) {
  const auth = container.resolve(Modules.AUTH)
  const { success, authIdentity, error } = await auth.register("emailpass", {
    body: { email, password },
  } as any)
  if (success && authIdentity) return authIdentity.id
  const [provider] = await auth.listProviderIdentities({ entity_id: email, provider: "emailpass" } as any)
  if (provider?.auth_identity_id) {
    const identity = await auth.retrieveAuthIdentity(provider.auth_identity_id)
    if (!identity.app_metadata?.merchant_id) return identity.id
  }
  throw new Error(`${email}: 无法注册商家账号 (could not register the merchant login): ${error}`)
}

async function seedOne(container: MedusaContainer, m: DemoMerchant, index: number, password: string) {
  const authIdentityId = await registerLogin(container, m.email, password)
  const pictures = await uploadPictures(container, m, index)
  const area: Area = AREAS[m.area]
  const { dLat, dLng } = offset(index)
  const { result } = await createMerchantWorkflow(container).run({
    input: {
      auth_identity_id: authIdentityId,
      email: m.email,
      owner: m.owner,
      merchant: {
        name: m.name,
        category: m.category,
        description: m.description,
        logo: pictures.logo,
        photos: pictures.photos,
        phone: m.phone,
        province: "上海市",
        city: "上海",
        district: area.district,
        street: `${m.street}（近${area.name}）`,
        lat: Number((area.lat + dLat).toFixed(6)),
        lng: Number((area.lng + dLng).toFixed(6)),
        coord_system: "gcj02",
        timezone: "Asia/Shanghai",
        business_hours: { ...HOURS[m.hours], ...(m.holidays ? { exceptions: holidayExceptions() } : {}) },
        licence_code: makeValidUSCC(9100 + index),
        licence_image: pictures.licence_image,
        legal_name: m.legal_name,
      },
    },
  })
  const merchantId = result.merchant.id
  if (m.status === "pending") return

  await changeMerchantStatusWorkflow(container).run({
    input: { merchant_id: merchantId, to: "approved", actor_type: "system", actor_id: "demo-seed" },
  })
  for (const [i, p] of m.products.entries()) {
    const thumbnail = pictures.products[i]
    await createMerchantProductWorkflow(container).run({
      input: { merchant_id: merchantId, product: { ...p, thumbnail, images: [thumbnail], status: "published" } },
    })
  }
}

/**
 * Seeds the demo shops once. One query decides whether anything is missing, so a start on a seeded
 * database costs a few milliseconds; missing shops are created a few at a time.
 */
export async function seedDemoMerchants(
  container: MedusaContainer,
  opts: { password?: string; concurrency?: number } = {}
): Promise<DemoSeedResult> {
  const logger: Logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const password = opts.password ?? process.env.MERCHANT_DEMO_PASSWORD ?? DEFAULT_DEMO_MERCHANT_PASSWORD
  const merchants: MerchantModuleService = container.resolve(MERCHANT_MODULE)
  const login = { email: DEMO_MERCHANT_EMAIL, password }

  const present = new Set(
    (
      await merchants.listMerchantMembers(
        { email: DEMO_MERCHANTS.map((m) => m.email) },
        { select: ["email"], take: DEMO_MERCHANTS.length }
      )
    ).map((member) => member.email)
  )
  const todo = DEMO_MERCHANTS.map((m, index) => ({ m, index })).filter(({ m }) => !present.has(m.email))

  const started = Date.now()
  const skipped: string[] = []
  const queue = [...todo]
  // Several at once: most of the time is spent waiting on PostgreSQL commits and password hashing,
  // which overlap; eight ran about twice as fast as four here, one at a time three times slower.
  const workers = Array.from({ length: Math.min(opts.concurrency ?? 8, queue.length) }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      try {
        await seedOne(container, next.m, next.index, password)
      } catch (e) {
        // One bad shop should not stop `npm run dev`. A shop whose application failed was rolled back by
        // the workflow and is retried on the next start; one that failed later keeps what it has.
        skipped.push(next.m.email)
        logger.warn(`[seed] demo merchant ${next.m.name} <${next.m.email}> not created: ${(e as Error).message}`)
      }
    }
  })
  await Promise.all(workers)

  const done = todo.filter(({ m }) => !skipped.includes(m.email))
  const created = done.length
  if (todo.length) {
    const pending = done.filter(({ m }) => m.status === "pending").length
    logger.info(
      `[seed] demo merchants: ${created} created (${created - pending} approved, ${pending} pending` +
        `${skipped.length ? `, ${skipped.length} failed` : ""}) in ${((Date.now() - started) / 1000).toFixed(1)} s`
    )
  }
  logger.info(`[seed] merchant login (商家登录): ${login.email} / ${login.password}`)
  return { created, existing: present.size, skipped, login }
}
