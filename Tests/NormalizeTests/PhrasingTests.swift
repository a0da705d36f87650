import GoalModel
import Testing

@testable import Normalize

/// One goal sentence and its exact parse.
struct SentenceCase: CustomTestStringConvertible, Sendable {
    let text: String
    let metric: String
    let baseline: Double?
    let target: Double?
    let unit: GoalUnit?
    let per: GoalPeriod?
    let direction: GoalDirection?
    var change: Double? = nil
    var due: String? = nil

    var testDescription: String { text }
}

private func s(
    _ text: String, _ metric: String, _ baseline: Double?, _ target: Double?, _ unit: GoalUnit?, _ per: GoalPeriod?,
    _ direction: GoalDirection?, change: Double? = nil, due: String? = nil
) -> SentenceCase {
    SentenceCase(
        text: text, metric: metric, baseline: baseline, target: target, unit: unit, per: per, direction: direction,
        change: change, due: due)
}

/// Key results, KPIs and legacy to-do goals as planning offices write them, one per cell.
let sentenceCases: [SentenceCase] = [
    // The NexBridge company OKR and department OKRs.
    s("顧客満足度を68% → 90%に向上", "顧客満足度", 68, 90, .percent, nil, .increase),
    s("解約率を月8% → 月3%に削減", "解約率", 8, 3, .percent, .month, .decrease),
    s("サポート問い合わせの平均対応時間を48時間 → 12時間に短縮", "サポート問い合わせの平均対応時間", 48, 12, .hours, nil, .decrease),
    s("KR1: 顧客満足度を68% → 90%に向上", "顧客満足度", 68, 90, .percent, nil, .increase),
    s("KR2：解約率を月８％→月３％に削減", "解約率", 8, 3, .percent, .month, .decrease),
    s("契約後3ヶ月の利用継続率を80%に向上", "契約後3ヶ月の利用継続率", nil, 80, .percent, nil, .increase),
    s("初回オンボーディングの完了率を95%に向上", "初回オンボーディングの完了率", nil, 95, .percent, nil, .increase),
    s("顧客からの紹介経由の新規契約を月10社獲得", "顧客からの紹介経由の新規契約", nil, 10, .count, .month, .increase),
    s("新機能のユーザー満足度を平均4.5/5以上に", "新機能のユーザー満足度", nil, 4.5, .score, nil, .atLeast),
    s("システム障害による停止時間を月1時間以内に抑える", "システム障害による停止時間", nil, 1, .hours, .month, .atMost),
    s("問い合わせ対応時間を平均12時間以内に短縮", "問い合わせ対応時間", nil, 12, .hours, nil, .atMost),
    s("自己解決率(FAQやヘルプで解決)を60%に向上", "自己解決率(FAQやヘルプで解決)", nil, 60, .percent, nil, .increase),
    s("サポート満足度を4.8/5に向上", "サポート満足度", nil, 4.8, .score, nil, .increase),
    s("既存顧客の解約率を月8%→月5%に削減", "既存顧客の解約率", 8, 5, .percent, .month, .decrease),
    // Legacy to-do goals.
    s("新規契約100社", "新規契約", nil, 100, .count, nil, nil),
    s("新機能20個実装", "新機能実装", nil, 20, .count, nil, nil),
    s("月間問い合わせ対応500件", "問い合わせ対応", nil, 500, .count, .month, nil),
    s("新規契約を100社獲得する", "新規契約", nil, 100, .count, nil, .increase),
    s("訪問件数 月200件", "訪問件数", nil, 200, .count, .month, nil),
    s("架電数1日50件", "架電数", nil, 50, .count, .day, nil),
    s("ブログ記事を週3本投稿", "ブログ記事", nil, 3, .count, .week, nil),
    s("セミナーを年4回開催", "セミナー", nil, 4, .count, .year, nil),
    // The sentence forms.
    s("新規バグレポートの月間平均件数を72件から60件に削減する", "新規バグレポートの月間平均件数", 72, 60, .count, .month, .decrease),
    s("テストカバレッジを35%から50%に高める", "テストカバレッジ", 35, 50, .percent, nil, .increase),
    s("平均コードレビュー時間を30%削減", "平均コードレビュー時間", nil, nil, nil, nil, .decrease, change: -30),
    s("Increase NPS from 50 to 60", "NPS", 50, 60, nil, nil, .increase),
    s("Reduce churn from 5% to 3%", "churn", 5, 3, .percent, nil, .decrease),
    // Money.
    s("四半期売上3,000万円", "売上", nil, 30_000_000, .jpy, .quarter, nil),
    s("年間売上1億円", "売上", nil, 100_000_000, .jpy, .year, nil),
    s("売上高を18億円から20億円に拡大", "売上高", 1_800_000_000, 2_000_000_000, .jpy, nil, .increase),
    s("受注単価100万円", "受注単価", nil, 1_000_000, .jpy, nil, nil),
    s("平均購入単価50万円", "平均購入単価", nil, 500_000, .jpy, nil, nil),
    s("MRRを1,200万円→1,500万円に", "MRR", 12_000_000, 15_000_000, .jpy, nil, .increase),
    s("粗利を1億5000万円に引き上げる", "粗利", nil, 150_000_000, .jpy, nil, .increase),
    s("広告費を月500万円以内に抑える", "広告費", nil, 5_000_000, .jpy, .month, .atMost),
    s("CACを5万円から3万円に低減", "CAC", 50_000, 30_000, .jpy, nil, .decrease),
    s("営業コストを500万円削減", "営業コスト", nil, nil, .jpy, nil, .decrease, change: -5_000_000),
    s("ARR ¥300M", "ARR", nil, 300_000_000, .jpy, nil, nil),
    s("Grow ARR from $2M to $3.5M", "ARR", 2_000_000, 3_500_000, .usd, nil, .increase),
    s("Cut CAC to $450", "CAC", nil, 450, .usd, nil, .decrease),
    s("Reach $120k MRR", "MRR", nil, 120_000, .usd, nil, nil),
    s("売上を前年比120%に", "売上を前年比", nil, 120, .percent, nil, nil),
    s("月間売上 2,500千円", "売上", nil, 2_500_000, .jpy, .month, nil),
    // Rates and percentages.
    s("MQL→SQL転換率を12%から20%に引き上げ", "MQL→SQL転換率", 12, 20, .percent, nil, .increase),
    s("商談化率50%", "商談化率", nil, 50, .percent, nil, nil),
    s("受注率を20%以上に", "受注率", nil, 20, .percent, nil, .atLeast),
    s("離職率を5%未満に抑える", "離職率", nil, 5, .percent, nil, .atMost),
    s("解約率（月次）を3%以下", "解約率", nil, 3, .percent, .month, .atMost),
    s("継続率を3割向上", "継続率", nil, nil, nil, nil, .increase, change: 30),
    s("アクティブ率を＋５ポイント改善", "アクティブ率", nil, nil, .percent, nil, .increase, change: 5),
    s("オンボーディング完了率95%以上", "オンボーディング完了率", nil, 95, .percent, nil, .atLeast),
    s("Improve activation rate from 40% to 55%", "activation rate", 40, 55, .percent, nil, .increase),
    s("Keep churn below 2% per month", "churn", nil, 2, .percent, .month, .atMost),
    s("Raise trial-to-paid conversion to 25%", "trial-to-paid conversion", nil, 25, .percent, nil, .increase),
    s("Reduce churn by 2 points", "churn", nil, nil, .percent, nil, .decrease, change: -2),
    s("Increase weekly active users by 20%", "weekly active users", nil, nil, nil, .week, .increase, change: 20),
    s("ユーザー継続率を25%向上させる", "ユーザー継続率", nil, nil, nil, nil, .increase, change: 25),
    s("解約率を15%削減", "解約率", nil, nil, nil, nil, .decrease, change: -15),
    s("今四半期に解約率を5%から3%に削減する", "解約率", 5, 3, .percent, nil, .decrease),
    // Time.
    s("初回応答時間を24h以内", "初回応答時間", nil, 24, .hours, nil, .atMost),
    s("平均処理時間 30分 → 15分", "平均処理時間", 30, 15, .minutes, nil, .decrease),
    s("リードタイムを10営業日から5営業日に短縮", "リードタイム", 10, 5, .days, nil, .decrease),
    s("MTTR under 4 hours", "MTTR", nil, 4, .hours, nil, .atMost),
    s("Cut first response time from 8 hours to 2 hours", "first response time", 8, 2, .hours, nil, .decrease),
    s("ページ表示速度を3秒から1.5秒に", "ページ表示速度", 0.05, 0.025, .minutes, nil, .decrease),
    s("問い合わせ件数を月600件→四半期1,500件", "問い合わせ件数", 1800, 1500, .count, .quarter, .decrease),
    s("残業時間を月20時間以下", "残業時間", nil, 20, .hours, .month, .atMost),
    s("採用リードタイム45日以内", "採用リードタイム", nil, 45, .days, nil, .atMost),
    // Scores, NPS, ratios.
    s("NPSを+10から+30へ", "NPS", 10, 30, nil, nil, .increase),
    s("NPS -5 → +20", "NPS", -5, 20, nil, nil, .increase),
    s("CSAT 4.2/5 → 4.6/5", "CSAT", 4.2, 4.6, .score, nil, .increase),
    s("品質スコア80/100以上", "品質スコア", nil, 80, .score, nil, .atLeast),
    s("アプリ評価を星4.5以上", "アプリ評価", nil, 4.5, .score, nil, .atLeast),
    s("LTV/CAC比を3倍以上", "LTV/CAC比", nil, 3, .ratio, nil, .atLeast),
    s("生産性を1.5倍に", "生産性", nil, 1.5, .ratio, nil, nil),
    s("アプリのダウンロード数", "アプリのダウンロード数", nil, nil, nil, nil, nil),  // ダウンロード holds ダウン, no verb
    s("ダウンロード時間を短縮", "ダウンロード時間", nil, nil, nil, nil, .decrease),
    s("Achieve a CSAT of at least 90%", "CSAT", nil, 90, .percent, nil, .atLeast),
    s("eNPS ≥ 30", "eNPS", nil, 30, nil, nil, .atLeast),
    // Counts, people, English.
    s("Ship 20 new features", "new features", nil, 20, nil, nil, nil),
    s("Close 50 deals per quarter", "deals", nil, 50, .count, .quarter, nil),
    s("Hold 12 customer interviews a month", "customer interviews", nil, 12, .count, .month, nil),
    s("Grow qualified leads from 300 to 450 per month", "qualified leads", 300, 450, nil, .month, .increase),
    s("Sign 10 referral customers", "referral customers", nil, 10, nil, nil, nil),
    s("Handle 500 tickets per month", "tickets", nil, 500, .count, .month, nil),
    s("エンジニアを5名採用", "エンジニア", nil, 5, .count, nil, nil),
    s("有料会員数を1万人→1.5万人", "有料会員数", 10_000, 15_000, .count, nil, .increase),
    s("ＤＡＵを１２，０００人に", "DAU", nil, 12_000, .count, nil, nil),
    s("パートナー経由の商談を四半期30件創出", "パートナー経由の商談", nil, 30, .count, .quarter, nil),
    s("重大インシデント0件", "重大インシデント", nil, 0, .count, nil, nil),
    s("ベータユーザー50名を有料プランへアップセル", "ベータユーザー", nil, 50, .count, nil, .increase),
    s("価格設定パイロット版へのサインアップ数500件増加させる", "価格設定パイロット版へのサインアップ数", nil, nil, .count, nil, .increase, change: 500),
    s("顧客要望トップ5の機能を四半期内に実装", "顧客要望トップ5の機能を四半期内に実装", nil, nil, nil, nil, nil),
    s("①重点顧客の満足度（NPS）", "重点顧客の満足度(NPS)", nil, nil, nil, nil, nil),
    s("・新規リード獲得数を月300件", "新規リード獲得数", nil, 300, .count, .month, .increase),
    s("【CS】チャーンレート 2.5%→1.5%", "チャーンレート", 2.5, 1.5, .percent, nil, .decrease),
    s("O1. 顧客の成功を最大化する", "顧客の成功を最大化", nil, nil, nil, nil, nil),
    s("2026年3月末までに解約率を3%に", "解約率", nil, 3, .percent, nil, nil, due: "2026-03-31"),
    s("FY2025 Q3までに継続率90%", "継続率", nil, 90, .percent, nil, nil, due: "2025-12-31"),
    s("令和7年度中に顧客数を1,000社へ", "顧客数", nil, 1000, .count, nil, nil, due: "2026-03-31"),
    s("商談数 50件/月", "商談数", nil, 50, .count, .month, nil),
    s("リード数 1,200件/四半期", "リード数", nil, 1200, .count, .quarter, nil),
    s("Web訪問者数を120,000人/月に", "Web訪問者数", nil, 120_000, .count, .month, nil),
    s("CVR 1%→1.5%", "CVR", 1, 1.5, .percent, nil, .increase),
    s("有効商談率を2〜5%", "有効商談率", 2, 5, .percent, nil, .increase),
]

@Suite("Goal sentences")
struct SentenceTests {
    /// A metric's head loses the particles and glue words it ends with (only a text whose last character ends a
    /// particle is compared with them).
    @Test(arguments: [
        ("顧客満足度を", "顧客満足度"), ("売上について", "売上"), ("解約率に関して", "解約率"), ("NPS、", "NPS"),
        ("売上高の:", "売上高"), ("売上高", "売上高"), ("満足度て", "満足度て"), ("Increase NPS to", "NPS"),
        ("のを", ""),
    ])
    func metricHeads(_ text: String, _ head: String) {
        #expect(GoalTextParser.cleanMetricHead(text) == head)
    }

    @Test(arguments: sentenceCases)
    func parses(_ c: SentenceCase) {
        let p = GoalTextParser.parse(c.text)
        #expect(p.metric == c.metric)
        #expect(p.baseline?.value == c.baseline)
        #expect(p.target?.value == c.target)
        #expect(p.unit == c.unit)
        #expect(p.per == c.per)
        #expect(p.direction == c.direction)
        #expect(p.change == c.change)
        #expect(p.due?.end.description == c.due)
    }

    @Test func tableIsLargeEnough() {
        #expect(sentenceCases.count >= 100)
    }
}

/// The deadline markers' search over a sentence's characters finds what the standard library's `firstRange(of:)`
/// finds: the first start, none, a needle at either end, one longer than the sentence, a repeated head.
@Suite("Character search")
struct CharacterSearchTests {
    @Test(arguments: [
        ("2026年3月までに解約率を5%", "までに"), ("までに", "までに"), ("3月末に", "末に"), ("中に中に", "中に"),
        ("まままでに", "までに"), ("までまでに", "までに"), ("に", "までに"), ("", "中に"), ("中", ""),
        ("解約率を下げる", "までに"), ("12月中に", "中に"),
    ])
    func matchesFirstRange(_ text: String, _ needle: String) {
        let hay = Array(text), n = Array(needle)
        #expect(GoalTextParser.firstIndex(of: n, in: hay) == hay.firstRange(of: n)?.lowerBound)
    }

    @Test func exactIndices() {
        #expect(GoalTextParser.firstIndex(of: Array("までに"), in: Array("2026年3月までに")) == 7)
        #expect(GoalTextParser.firstIndex(of: Array("中に"), in: Array("今期中に中に")) == 2)
        #expect(GoalTextParser.firstIndex(of: Array("までに"), in: Array("まで")) == nil)
    }
}
