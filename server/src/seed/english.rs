//! English names of the reference data the server owns, served for `Accept-Language: en`:
//! themes, event kinds, and the seeded regions in pinyin. Written by hand (no pinyin table is
//! available offline); `tests` checks that every seeded theme, kind, province and city has one.

/// `(theme id, name, description)`.
pub const THEMES_EN: &[(&str, &str, &str)] = &[
    ("self-reliance", "Self-reliance in science and technology", "Science and technology breakthroughs, the stories of scientists, and China's strength in innovation."),
    ("nuclear", "Nuclear science", "Nuclear energy and technology, nuclear safety, and its uses in medicine, farming and industry."),
    ("water", "Water", "Water resources and water engineering: saving water, flood control and healthy rivers and lakes."),
    ("health", "Healthy China", "Health knowledge and healthy ways of living for everyone."),
    ("safety", "Emergency and safety", "Staying safe in emergencies, self-rescue and first aid, and a safer society."),
    ("ecology", "Ecology and environment", "Biodiversity, protecting nature, and green, low-carbon living."),
    ("carbon", "Carbon peak and neutrality", "Carbon peak and carbon neutrality, new energy and saving energy, starting at home."),
    ("rural", "Rural revitalisation", "Science for the countryside: farming technology and practical skills for rural life."),
    ("weather", "Weather and climate", "Reading weather and climate, weather disaster prevention, and facing climate change."),
    ("quake", "Earthquake preparedness", "Earthquakes, how to keep safe in one, and reducing earthquake disasters."),
    ("space", "Space", "Exploring the universe and space technology, following China's path into space."),
];

/// `(event kind id, name)`.
pub const EVENT_KINDS_EN: &[(&str, &str)] = &[
    ("beijing-main", "Beijing main venue"),
    ("ministry-main", "Ministry main venue"),
    ("provincial-main", "Provincial main venue"),
    ("cloud", "Science Day online"),
    ("open-day", "Public science literacy open day"),
];

/// `(GB/T 2260 code, name)` of every seeded province and city (districts of the four
/// municipalities), in pinyin. A province's short name in English is its name.
pub const REGIONS_EN: &[(&str, &str)] = &[
    ("110000", "Beijing"),
    ("110101", "Dongcheng"),
    ("110102", "Xicheng"),
    ("110105", "Chaoyang"),
    ("110106", "Fengtai"),
    ("110107", "Shijingshan"),
    ("110108", "Haidian"),
    ("110111", "Fangshan"),
    ("110112", "Tongzhou"),
    ("110114", "Changping"),
    ("110115", "Daxing"),
    ("120000", "Tianjin"),
    ("120101", "Heping"),
    ("120102", "Hedong"),
    ("120103", "Hexi"),
    ("120104", "Nankai"),
    ("120110", "Dongli"),
    ("120116", "Binhai New Area"),
    ("130000", "Hebei"),
    ("130100", "Shijiazhuang"),
    ("130200", "Tangshan"),
    ("130300", "Qinhuangdao"),
    ("130400", "Handan"),
    ("130600", "Baoding"),
    ("131000", "Langfang"),
    ("140000", "Shanxi"),
    ("140100", "Taiyuan"),
    ("140200", "Datong"),
    ("140400", "Changzhi"),
    ("140700", "Jinzhong"),
    ("140800", "Yuncheng"),
    ("150000", "Inner Mongolia"),
    ("150100", "Hohhot"),
    ("150200", "Baotou"),
    ("150400", "Chifeng"),
    ("150600", "Ordos"),
    ("150700", "Hulunbuir"),
    ("210000", "Liaoning"),
    ("210100", "Shenyang"),
    ("210200", "Dalian"),
    ("210300", "Anshan"),
    ("210400", "Fushun"),
    ("210700", "Jinzhou"),
    ("220000", "Jilin"),
    ("220100", "Changchun"),
    ("220200", "Jilin City"),
    ("220300", "Siping"),
    ("220700", "Songyuan"),
    ("222400", "Yanbian"),
    ("230000", "Heilongjiang"),
    ("230100", "Harbin"),
    ("230200", "Qiqihar"),
    ("230600", "Daqing"),
    ("230800", "Jiamusi"),
    ("231000", "Mudanjiang"),
    ("310000", "Shanghai"),
    ("310101", "Huangpu"),
    ("310104", "Xuhui"),
    ("310105", "Changning"),
    ("310106", "Jing'an"),
    ("310110", "Yangpu"),
    ("310112", "Minhang"),
    ("310115", "Pudong New Area"),
    ("320000", "Jiangsu"),
    ("320100", "Nanjing"),
    ("320200", "Wuxi"),
    ("320300", "Xuzhou"),
    ("320400", "Changzhou"),
    ("320500", "Suzhou"),
    ("320600", "Nantong"),
    ("321000", "Yangzhou"),
    ("330000", "Zhejiang"),
    ("330100", "Hangzhou"),
    ("330200", "Ningbo"),
    ("330300", "Wenzhou"),
    ("330400", "Jiaxing"),
    ("330600", "Shaoxing"),
    ("330700", "Jinhua"),
    ("340000", "Anhui"),
    ("340100", "Hefei"),
    ("340200", "Wuhu"),
    ("340300", "Bengbu"),
    ("340500", "Ma'anshan"),
    ("340800", "Anqing"),
    ("350000", "Fujian"),
    ("350100", "Fuzhou"),
    ("350200", "Xiamen"),
    ("350300", "Putian"),
    ("350500", "Quanzhou"),
    ("350600", "Zhangzhou"),
    ("360000", "Jiangxi"),
    ("360100", "Nanchang"),
    ("360200", "Jingdezhen"),
    ("360400", "Jiujiang"),
    ("360700", "Ganzhou"),
    ("360800", "Ji'an"),
    ("370000", "Shandong"),
    ("370100", "Jinan"),
    ("370200", "Qingdao"),
    ("370300", "Zibo"),
    ("370600", "Yantai"),
    ("370700", "Weifang"),
    ("371000", "Weihai"),
    ("410000", "Henan"),
    ("410100", "Zhengzhou"),
    ("410200", "Kaifeng"),
    ("410300", "Luoyang"),
    ("410700", "Xinxiang"),
    ("411300", "Nanyang"),
    ("420000", "Hubei"),
    ("420100", "Wuhan"),
    ("420200", "Huangshi"),
    ("420500", "Yichang"),
    ("420600", "Xiangyang"),
    ("421000", "Jingzhou"),
    ("430000", "Hunan"),
    ("430100", "Changsha"),
    ("430200", "Zhuzhou"),
    ("430300", "Xiangtan"),
    ("430400", "Hengyang"),
    ("430600", "Yueyang"),
    ("440000", "Guangdong"),
    ("440100", "Guangzhou"),
    ("440300", "Shenzhen"),
    ("440400", "Zhuhai"),
    ("440600", "Foshan"),
    ("441900", "Dongguan"),
    ("442000", "Zhongshan"),
    ("450000", "Guangxi"),
    ("450100", "Nanning"),
    ("450200", "Liuzhou"),
    ("450300", "Guilin"),
    ("450500", "Beihai"),
    ("450800", "Guigang"),
    ("460000", "Hainan"),
    ("460100", "Haikou"),
    ("460200", "Sanya"),
    ("460300", "Sansha"),
    ("460400", "Danzhou"),
    ("500000", "Chongqing"),
    ("500101", "Wanzhou"),
    ("500103", "Yuzhong"),
    ("500105", "Jiangbei"),
    ("500106", "Shapingba"),
    ("500108", "Nan'an"),
    ("500112", "Yubei"),
    ("510000", "Sichuan"),
    ("510100", "Chengdu"),
    ("510300", "Zigong"),
    ("510500", "Luzhou"),
    ("510600", "Deyang"),
    ("510700", "Mianyang"),
    ("511100", "Leshan"),
    ("520000", "Guizhou"),
    ("520100", "Guiyang"),
    ("520200", "Liupanshui"),
    ("520300", "Zunyi"),
    ("520400", "Anshun"),
    ("522700", "Qiannan"),
    ("530000", "Yunnan"),
    ("530100", "Kunming"),
    ("530300", "Qujing"),
    ("530400", "Yuxi"),
    ("530700", "Lijiang"),
    ("532800", "Xishuangbanna"),
    ("532900", "Dali"),
    ("540000", "Tibet"),
    ("540100", "Lhasa"),
    ("540200", "Shigatse"),
    ("540300", "Qamdo"),
    ("540400", "Nyingchi"),
    ("610000", "Shaanxi"),
    ("610100", "Xi'an"),
    ("610300", "Baoji"),
    ("610400", "Xianyang"),
    ("610500", "Weinan"),
    ("610600", "Yan'an"),
    ("610800", "Yulin"),
    ("620000", "Gansu"),
    ("620100", "Lanzhou"),
    ("620200", "Jiayuguan"),
    ("620500", "Tianshui"),
    ("620700", "Zhangye"),
    ("620900", "Jiuquan"),
    ("630000", "Qinghai"),
    ("630100", "Xining"),
    ("630200", "Haidong"),
    ("632500", "Hainan Prefecture"),
    ("632800", "Haixi"),
    ("640000", "Ningxia"),
    ("640100", "Yinchuan"),
    ("640200", "Shizuishan"),
    ("640300", "Wuzhong"),
    ("640400", "Guyuan"),
    ("640500", "Zhongwei"),
    ("650000", "Xinjiang"),
    ("650100", "Urumqi"),
    ("650200", "Karamay"),
    ("650400", "Turpan"),
    ("652900", "Aksu"),
    ("653100", "Kashgar"),
    ("654000", "Ili"),
    ("660000", "Xinjiang Production and Construction Corps"),
    ("660100", "1st Division"),
    ("660200", "2nd Division"),
    ("660300", "3rd Division"),
    ("660400", "4th Division"),
    ("660600", "6th Division"),
    ("660800", "8th Division"),
];

/// The English name of the region with `code`.
pub fn region_en(code: &str) -> Option<&'static str> {
    REGIONS_EN.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::catalog::{EVENT_KINDS, THEMES};
    use crate::seed::regions::regions;

    #[test]
    fn every_seeded_region_has_an_english_name() {
        let mut missing = Vec::new();
        for r in regions() {
            if region_en(r.code).is_none() {
                missing.push(r.name);
            }
            for (code, name) in &r.cities {
                if region_en(code).is_none() {
                    missing.push(name);
                }
            }
        }
        assert!(missing.is_empty(), "no English name for {missing:?}");
        let seeded: usize = regions().iter().map(|r| 1 + r.cities.len()).sum();
        assert_eq!(
            REGIONS_EN.len(),
            seeded,
            "English names for regions the seed does not have"
        );
    }

    #[test]
    fn every_theme_and_kind_has_an_english_name() {
        for t in THEMES {
            assert!(
                THEMES_EN.iter().any(|(id, ..)| *id == t.id),
                "theme {}",
                t.id
            );
        }
        for (id, _) in EVENT_KINDS {
            assert!(EVENT_KINDS_EN.iter().any(|(k, _)| k == id), "kind {id}");
        }
        for (_, name, description) in THEMES_EN {
            assert!(name.is_ascii() && description.is_ascii());
        }
    }
}
