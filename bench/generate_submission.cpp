// generate_submission: a large bilingual submission and two concurrent edits of it,
// for benchmarking `accord merge-file` against `git merge-file`.
//
//   generate_submission [--recommendations N] [--seed S] [--edits K] --out DIR
//
// writes DIR/base.xml, DIR/ours.xml, DIR/theirs.xml and DIR/expected.xml. Standard
// library only, C++20; the output depends on N, S and K and nothing else (its own
// PRNG, no std distributions, no hash-order iteration), so the same arguments give
// the same bytes on every machine.
//
// Every file is in the project's canonical layout (what workspace::serialize writes):
// two-space indentation, one paragraph per line, `<x/>` for empty elements. The one
// exception is on purpose: the paragraphs one side "reflows" are broken over lines.
//
// The two sides edit concurrently without conflicting, by construction. Each side
// makes K edits of every kind (default max(2, N/700): about 1% of the
// recommendations per side in all), on recommendations chosen so that no two edits
// interfere except where the kind says so:
//   a  add an endorsement (for a third of them both sides add one, different, to the
//      same recommendation);
//   b  change one or two words: ours near the start of a paragraph, theirs near its
//      end; for half of them it is the same paragraph (a word-level merge);
//   c  status on one side, priority on the other, of the same recommendation;
//   d  insert one or two new recommendations at the end of a section's
//      recommendations; for half of the sections both sides insert there;
//   e  move a recommendation to another section (one side) while the other edits a
//      word of its text;
//   f  reflow a paragraph, whitespace only (one side), while the other edits a word
//      of it;
//   g  delete a recommendation the other side does not touch.
// Sequence edits (d, e, g) leave the neighbours of every place they touch alone, so
// a merge of the id sequences never sees two changes next to each other.
//
// expected.xml is base with all edits of both sides applied, which is what a correct
// structured merge gives: a reflow is no change; a moved recommendation keeps the
// other side's edit; new recommendations at the same spot come ours first, then
// theirs; endorsements are the existing ones, then ours' additions, then theirs'.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace {

// ---- deterministic randomness ---------------------------------------------------

struct Rng {
    std::uint64_t state;
    explicit Rng(std::uint64_t seed) : state(seed) {}
    std::uint64_t next()  // splitmix64
    {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
    int range(int lo, int hi) { return lo + static_cast<int>(below(static_cast<std::size_t>(hi - lo + 1))); }
    bool percent(int p) { return static_cast<int>(below(100)) < p; }
    template <class T, std::size_t M>
    const T& pick(const T (&items)[M]) { return items[below(M)]; }
    template <class T>
    const T& pick(const std::vector<T>& items) { return items[below(items.size())]; }
};

// ---- vocabulary (English and Korean side by side) ----------------------------------

struct Pair {
    const char* en;
    const char* ko;
};

const Pair kVerbs[] = {{"Amend", "개정"},  {"Revise", "보완"},     {"Review", "재검토"},
                       {"Strengthen", "강화"}, {"Simplify", "간소화"}, {"Reform", "정비"}};

// Korean nouns ending in a consonant, so the object particle is always 을.
const Pair kDocs[] = {{"the rules", "규정"}, {"the guidelines", "지침"}, {"the standards", "기준"},
                      {"the regulations", "법령"}};

const Pair kTopics[] = {
    {"workplace changes", "사업장 변경 제도"},        {"family reunification", "가족 재결합 절차"},
    {"residence permits", "체류허가 심사"},           {"birth registration", "출생등록 제도"},
    {"health insurance", "건강보험 적용"},            {"refugee status determination", "난민 인정 심사"},
    {"immigration detention", "외국인보호소 구금"},   {"legal aid", "법률구조 제도"},
    {"interpretation services", "통역 지원"},         {"wage protection", "임금체불 구제 절차"},
    {"housing inspections", "주거 환경 점검"},        {"Korean language education", "한국어 교육"},
    {"complaint procedures", "진정 처리 절차"},       {"labour inspections", "근로감독"},
    {"seasonal work", "계절근로 제도"},               {"social security", "사회보장 제도"},
    {"childcare", "보육 지원"},                       {"vocational training", "직업훈련"},
    {"disaster relief", "재난지원금 지급"},           {"personal data", "개인정보 처리"},
};

struct Subject {
    const char* en;
    const char* ga;    // with the subject particle
    const char* eun;   // with the topic particle
    const char* noun;  // bare
};

const Subject kSubjects[] = {
    {"migrant workers", "이주노동자가", "이주노동자들은", "이주노동자"},
    {"asylum seekers", "난민신청자가", "난민신청자들은", "난민신청자"},
    {"refugees", "난민이", "난민들은", "난민"},
    {"marriage migrants", "결혼이민자가", "결혼이민자들은", "결혼이민자"},
    {"undocumented children", "미등록 아동이", "미등록 아동들은", "미등록 아동"},
    {"foreign residents", "외국인 주민이", "외국인 주민들은", "외국인 주민"},
    {"seasonal workers", "계절근로자가", "계절근로자들은", "계절근로자"},
    {"stateless persons", "무국적자가", "무국적자들은", "무국적자"},
    {"migrant women", "이주여성이", "이주여성들은", "이주여성"},
    {"holders of humanitarian status", "인도적 체류자가", "인도적 체류자들은", "인도적 체류자"},
    {"domestic workers", "가사노동자가", "가사노동자들은", "가사노동자"},
    {"fishers on distant-water vessels", "원양어선 이주어선원이", "원양어선 이주어선원들은", "원양어선 이주어선원"},
};

const char* const kModals[] = {"may", "can", "are able to", "are entitled to"};

const Pair kActions[] = {
    {"change employers", "사업장을 변경할"},
    {"apply for a residence permit", "체류허가를 신청할"},
    {"receive medical treatment", "의료 서비스를 받을"},
    {"file a complaint", "진정을 제기할"},
    {"join the National Health Insurance", "국민건강보험에 가입할"},
    {"register the birth of a child", "자녀의 출생을 등록할"},
    {"obtain legal counsel", "법률 조력을 받을"},
    {"use public shelters", "공공 보호시설을 이용할"},
    {"enrol in school", "학교에 다닐"},
    {"claim unpaid wages", "체불임금을 청구할"},
    {"renew their visa", "비자를 연장할"},
    {"appeal a decision", "결정에 불복할"},
    {"bring their family to Korea", "가족을 초청할"},
    {"take up vocational training", "직업훈련을 받을"},
};

const Pair kTails[] = {
    {"without the consent of the employer", "사용자의 동의 없이"},
    {"within fourteen days", "14일 이내에"},
    {"on the same terms as Korean nationals", "내국인과 같은 조건으로"},
    {"in a language they understand", "자신이 이해하는 언어로"},
    {"free of charge", "무료로"},
    {"without fear of being reported", "신고당할 걱정 없이"},
    {"at every stage of the procedure", "절차의 모든 단계에서"},
    {"regardless of their residence status", "체류자격과 관계없이"},
    {"within a reasonable time", "합리적인 기간 안에"},
    {"with the help of trained interpreters", "전문 통역인의 도움을 받아"},
};

const Pair kProblems[] = {
    {"wait many months for a decision", "결정을 받기까지 수개월을 기다리는 경우가 많다"},
    {"are refused without written reasons", "서면 사유 없이 거부당하는 일이 잦다"},
    {"lose their residence status when their contract ends", "계약이 끝나면 체류자격을 잃는다"},
    {"pay excessive fees to private brokers", "민간 중개인에게 과도한 수수료를 내고 있다"},
    {"sign documents they cannot read", "읽을 수 없는 서류에 서명하고 있다"},
    {"were left out of disaster relief payments", "재난지원금 지급 대상에서 제외되었다"},
    {"work long hours without a weekly day of rest", "주휴일 없이 장시간 일하고 있다"},
    {"are detained for months without judicial review", "사법심사 없이 수개월 동안 구금된다"},
    {"cannot find a doctor who speaks their language", "자신의 언어로 소통할 수 있는 의사를 찾지 못한다"},
    {"are afraid to report violence to the police", "폭력 피해를 경찰에 신고하기를 두려워한다"},
};

// Korean with the topic particle.
const Pair kAuthorities[] = {
    {"Ministry of Justice", "법무부는"},
    {"Ministry of Employment and Labor", "고용노동부는"},
    {"Ministry of Health and Welfare", "보건복지부는"},
    {"Ministry of Gender Equality and Family", "여성가족부는"},
    {"Ministry of the Interior and Safety", "행정안전부는"},
    {"Ministry of Education", "교육부는"},
    {"Ministry of Oceans and Fisheries", "해양수산부는"},
    {"Ministry of Agriculture, Food and Rural Affairs", "농림축산식품부는"},
};

const char* const kOtherAddressees[] = {"National Assembly", "National Police Agency",
                                        "National Human Rights Commission of Korea",
                                        "Korea Workers' Compensation and Welfare Service"};

const Pair kTimes[] = {{"every year", "매년"},
                       {"every two years", "2년마다"},
                       {"every quarter", "분기마다"},
                       {"before the end of the plan period", "계획 기간이 끝나기 전에"}};

const Pair kLaws[] = {
    {"Immigration Control Act", "출입국관리법"},
    {"Refugee Act", "난민법"},
    {"Act on the Employment of Foreign Workers", "외국인근로자의 고용 등에 관한 법률"},
    {"National Health Insurance Act", "국민건강보험법"},
    {"Labor Standards Act", "근로기준법"},
    {"Act on the Registration of Family Relationships", "가족관계의 등록 등에 관한 법률"},
    {"Framework Act on the Treatment of Foreigners Residing in the Republic of Korea", "재한외국인 처우 기본법"},
    {"Multicultural Families Support Act", "다문화가족지원법"},
};

// A footnote: the source, then ", para. N." (en) or ", N항." (ko).
const Pair kNotes[] = {
    {"Committee on the Elimination of Racial Discrimination, concluding observations, CERD/C/KOR/CO/17-19 (2019)",
     "유엔 인종차별철폐위원회 최종견해, CERD/C/KOR/CO/17-19 (2019)"},
    {"Committee on the Rights of the Child, concluding observations, CRC/C/KOR/CO/5-6 (2019)",
     "유엔 아동권리위원회 최종견해, CRC/C/KOR/CO/5-6 (2019)"},
    {"Committee on the Elimination of Discrimination against Women, concluding observations, CEDAW/C/KOR/CO/8 (2018)",
     "유엔 여성차별철폐위원회 최종견해, CEDAW/C/KOR/CO/8 (2018)"},
    {"Committee on Economic, Social and Cultural Rights, concluding observations, E/C.12/KOR/CO/4 (2017)",
     "유엔 사회권위원회 최종견해, E/C.12/KOR/CO/4 (2017)"},
    {"Human Rights Committee, concluding observations, CCPR/C/KOR/CO/5 (2023)",
     "유엔 자유권위원회 최종견해, CCPR/C/KOR/CO/5 (2023)"},
    {"Report of the Working Group on the Universal Periodic Review, A/HRC/52/12 (2023)",
     "국가별 정례인권검토 실무그룹 보고서, A/HRC/52/12 (2023)"},
};

struct Theme {
    const char* slug;
    const char* en;
    const char* ko;
};

const Theme kThemes[] = {
    {"labour", "Labour and employment", "노동과 고용"},
    {"asylum", "Asylum and refugee protection", "난민 보호"},
    {"detention", "Immigration detention", "이주구금"},
    {"children", "Children with migrant backgrounds", "이주배경아동"},
    {"women", "Migrant women", "이주여성"},
    {"health", "Health", "건강권"},
    {"housing", "Housing", "주거권"},
    {"education", "Education", "교육권"},
    {"justice", "Access to justice", "사법 접근성"},
    {"equality", "Equality and non-discrimination", "평등과 차별금지"},
    {"family", "Family life", "가족생활"},
    {"statelessness", "Statelessness", "무국적"},
    {"trafficking", "Trafficking and forced labour", "인신매매와 강제노동"},
    {"fisheries", "Fisheries", "어업"},
    {"agriculture", "Agriculture", "농업"},
    {"social-security", "Social security", "사회보장"},
};

const Pair kTitleHeads[] = {{"Fair access to", "접근 보장"},          {"Equal treatment in", "차별 없는 적용"},
                            {"Reform of", "개선"},                    {"Safeguards in", "보호 장치 마련"},
                            {"Public funding for", "공공 재정 지원"},  {"Independent review of", "독립적 재검토"},
                            {"Transparency in", "투명성 강화"}};

// Replacement words for word edits (single words, letters only).
const char* const kReplaceEn[] = {"promptly", "effectively", "fully",  "public",   "independent", "local",
                                  "national", "every",       "fair",   "adequate", "timely",      "binding",
                                  "regular",  "clear",       "prompt", "written",  "accessible",  "free"};
const char* const kReplaceKo[] = {"신속하게", "충분히", "모든",   "공공", "독립적인", "지역",  "국가",
                                  "공정한",   "적절한", "즉시",   "명확한", "정기적인", "서면으로", "실질적인"};

const char* const kStatuses[] = {"draft", "agreed", "withdrawn"};
const char* const kPriorities[] = {"high", "medium", "low"};
const char* const kPositions[] = {"accepted", "partially-accepted", "noted", "rejected", "pending"};

constexpr int kOrgs = 12;

std::string orgId(int i)  // 0-based
{
    char buf[8];
    std::snprintf(buf, sizeof buf, "org%02d", i + 1);
    return buf;
}

std::string lowerFirst(std::string s)
{
    if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
    return s;
}

// ---- the document model -----------------------------------------------------------

struct Seg {
    enum class Kind { Text, Em, Note } kind;
    std::string text;
};

struct Para {
    std::vector<Seg> segs;
    bool reflow = false;  // written broken over lines (whitespace only)

    void text(const std::string& t)
    {
        if (!segs.empty() && segs.back().kind == Seg::Kind::Text)
            segs.back().text += t;
        else
            segs.push_back({Seg::Kind::Text, t});
    }
    void em(const std::string& t) { segs.push_back({Seg::Kind::Em, t}); }
    void note(const std::string& t) { segs.push_back({Seg::Kind::Note, t}); }
};

struct Block {
    std::string lang;
    std::vector<Para> paras;
};

struct Ref {
    std::string kind, text;
};

struct Response {
    std::string round, from, position;
    std::vector<Para> paras;
};

struct Rec {
    std::string id, status, priority, titleEn, titleKo;
    std::vector<Block> texts, rationales;
    std::vector<std::string> addressees;
    std::vector<Ref> refs;
    std::vector<std::string> endorsements;
    std::vector<Response> responses;
};

struct Section {
    std::string id, headingEn, headingKo;
    std::optional<Block> intro;
    std::vector<Rec> recs;
    std::vector<Section> subs;
};

struct Doc {
    std::vector<Section> sections;
};

// ---- generating content -----------------------------------------------------------

struct Sentence {
    std::string en, ko;  // plain parts; `law` and the note are added around them
};

// Appends one sentence in both languages to a pair of paragraphs. `kind`: 0..3 as
// in the comment of each branch; the note (if any) goes right after the full stop.
void addSentence(Rng& rng, Para& en, Para& ko, int kind, bool withNote)
{
    auto space = [](Para& p) {
        if (!p.segs.empty()) p.text(" ");
    };
    space(en);
    space(ko);
    const auto& subj = rng.pick(kSubjects);
    const auto& topic = rng.pick(kTopics);
    const auto& verb = rng.pick(kVerbs);
    const auto& doc = rng.pick(kDocs);
    switch (kind) {
    case 0: {  // an action, by a rule or by an article of a law
        const auto& action = rng.pick(kActions);
        const auto& tail = rng.pick(kTails);
        std::string rest = std::string(" so that ") + subj.en + " " + rng.pick(kModals) + " " + action.en + " " +
                           tail.en + ".";
        std::string restKo = std::string("하여 ") + subj.ga + " " + tail.ko + " " + action.ko + " 수 있도록 할 것.";
        if (rng.percent(35)) {
            const auto& law = rng.pick(kLaws);
            int article = rng.range(2, 98);
            en.text(std::string(verb.en) + " article " + std::to_string(article) + " of the ");
            en.em(law.en);
            en.text(rest);
            ko.em(law.ko);
            ko.text(" 제" + std::to_string(article) + "조를 " + verb.ko + restKo);
        } else {
            en.text(std::string(verb.en) + " " + doc.en + " on " + topic.en + rest);
            ko.text(std::string(topic.ko) + "에 관한 " + doc.ko + "을 " + verb.ko + restKo);
        }
        break;
    }
    case 1: {  // what member organisations see
        const auto& problem = rng.pick(kProblems);
        en.text(std::string("Member organisations report that ") + subj.en + " " + problem.en + ".");
        ko.text(std::string("연대 단체들의 상담 사례에 따르면 ") + subj.eun + " " + problem.ko + ".");
        break;
    }
    case 2: {  // an authority should review and report
        const auto& auth = rng.pick(kAuthorities);
        const auto& time = rng.pick(kTimes);
        en.text(std::string("The ") + auth.en + " should " + lowerFirst(verb.en) + " " + doc.en + " on " + topic.en +
                " and publish the results " + time.en + ".");
        ko.text(std::string(auth.ko) + " " + topic.ko + "에 관한 " + doc.ko + "을 " + verb.ko + "하고 그 결과를 " +
                time.ko + " 공개할 것.");
        break;
    }
    default: {  // funding and participation
        en.text(std::string("Fund ") + topic.en + " in every province, and involve organisations of " + subj.en +
                " in the design of the programmes.");
        ko.text(std::string("모든 광역자치단체에서 ") + topic.ko + "에 충분한 예산을 배정하고, 사업 설계 단계부터 " +
                subj.noun + " 단체가 참여하도록 할 것.");
        break;
    }
    }
    if (withNote) {
        const auto& note = rng.pick(kNotes);
        int para = rng.range(5, 60);
        en.note(std::string(note.en) + ", para. " + std::to_string(para) + ".");
        ko.note(std::string(note.ko) + ", " + std::to_string(para) + "항.");
    }
}

// A pair of parallel paragraphs of 1-2 sentences. rationale: evidence first.
void makeParagraphs(Rng& rng, Para& en, Para& ko, bool rationale)
{
    int sentences = rng.percent(90) ? 1 : 2;
    for (int s = 0; s < sentences; ++s) {
        int kind;
        if (rationale)
            kind = s == 0 ? 1 : 2;
        else {
            int r = static_cast<int>(rng.below(10));
            kind = r < 6 ? 0 : r < 8 ? 2 : 3;
        }
        bool note = rng.percent(rationale ? 25 : 7);
        addSentence(rng, en, ko, kind, note);
    }
}

void addRef(Rng& rng, Rec& r)
{
    Ref ref;
    switch (rng.below(8)) {
    case 0: ref = {"gcm-objective", std::to_string(rng.range(1, 23))}; break;
    case 1: {
        static const char* const sdg[] = {"8.7", "8.8", "10.7", "16.9", "3.8", "4.5", "5.2", "1.3"};
        ref = {"sdg", rng.pick(sdg)};
        break;
    }
    case 2:
    case 3: {
        static const char* const treaty[] = {"ICESCR art. 6",  "ICESCR art. 7",  "ICESCR art. 9", "ICESCR art. 12",
                                             "ICCPR art. 9",   "ICCPR art. 12",  "ICCPR art. 26", "CRC art. 3",
                                             "CRC art. 7",     "CRC art. 28",    "CRC art. 37",   "CEDAW art. 2",
                                             "CEDAW art. 11",  "CEDAW art. 16",  "ICERD art. 2",  "ICERD art. 5(e)"};
        ref = {"treaty", rng.pick(treaty)};
        break;
    }
    case 4: ref = {"law", std::string(rng.pick(kLaws).en) + " art. " + std::to_string(rng.range(2, 98))}; break;
    case 5: {
        static const char* const co[] = {"CERD/C/KOR/CO/17-19", "CRC/C/KOR/CO/5-6", "CEDAW/C/KOR/CO/8",
                                         "E/C.12/KOR/CO/4", "CCPR/C/KOR/CO/5"};
        ref = {"concluding-observation", rng.pick(co)};
        break;
    }
    case 6: ref = {"nap-chapter", "Fourth NAP, chapter " + std::to_string(rng.range(1, 9))}; break;
    default: ref = {"upr-recommendation", "A/HRC/52/12, para. 8." + std::to_string(rng.range(1, 260))}; break;
    }
    for (const auto& have : r.refs)
        if (have.kind == ref.kind && have.text == ref.text) return;  // a set
    r.refs.push_back(std::move(ref));
}

Rec makeRec(Rng& rng, std::string id)
{
    Rec r;
    r.id = std::move(id);
    int s = static_cast<int>(rng.below(10));
    r.status = s < 5 ? "draft" : s < 9 ? "agreed" : "withdrawn";
    if (!rng.percent(10)) r.priority = rng.pick(kPriorities);

    const auto& head = rng.pick(kTitleHeads);
    const auto& topic = rng.pick(kTopics);
    const auto& subj = rng.pick(kSubjects);
    r.titleEn = std::string(head.en) + " " + topic.en + " for " + subj.en;
    r.titleKo = std::string(subj.noun) + "의 " + topic.ko + " " + head.ko;

    int n = static_cast<int>(rng.below(20));
    int paras = n < 17 ? 1 : n < 19 ? 2 : 3;
    Block en{"en", {}}, ko{"ko", {}};
    for (int i = 0; i < paras; ++i) {
        en.paras.emplace_back();
        ko.paras.emplace_back();
        makeParagraphs(rng, en.paras.back(), ko.paras.back(), false);
    }
    r.texts = {std::move(en), std::move(ko)};

    if (rng.percent(10)) {
        Block ren{"en", {}}, rko{"ko", {}};
        ren.paras.emplace_back();
        rko.paras.emplace_back();
        makeParagraphs(rng, ren.paras.back(), rko.paras.back(), true);
        r.rationales = {std::move(ren), std::move(rko)};
    }

    int addressees = rng.percent(15) ? 0 : rng.percent(75) ? 1 : 2;
    while (static_cast<int>(r.addressees.size()) < addressees) {
        std::string a = rng.percent(85) ? rng.pick(kAuthorities).en : rng.pick(kOtherAddressees);
        if (std::find(r.addressees.begin(), r.addressees.end(), a) == r.addressees.end()) r.addressees.push_back(a);
    }

    int refs = rng.percent(50) ? 1 : rng.percent(70) ? 2 : 3;
    for (int i = 0; i < refs; ++i) addRef(rng, r);

    int endorsements = rng.range(1, 4);
    while (static_cast<int>(r.endorsements.size()) < endorsements) {
        std::string org = orgId(static_cast<int>(rng.below(kOrgs)));
        if (std::find(r.endorsements.begin(), r.endorsements.end(), org) == r.endorsements.end())
            r.endorsements.push_back(org);
    }

    if (rng.percent(5)) {
        Response resp;
        char date[16];
        std::snprintf(date, sizeof date, "2024-%02d-%02d", rng.range(1, 12), rng.range(1, 28));
        resp.round = date;
        resp.from = r.addressees.empty() ? "Ministry of Justice" : r.addressees.front();
        resp.position = rng.pick(kPositions);
        Para p;
        p.text(std::string("The Ministry will ") + lowerFirst(rng.pick(kVerbs).en) + " " + rng.pick(kDocs).en + " on " +
               rng.pick(kTopics).en + " " + rng.pick(kTimes).en + ", and will report on the outcome to the coalition.");
        resp.paras.push_back(std::move(p));
        r.responses.push_back(std::move(resp));
    }
    return r;
}

std::string recId(std::size_t i, std::size_t n)
{
    std::string num = std::to_string(i);
    std::size_t width = std::max<std::size_t>(5, std::to_string(n).size());
    if (num.size() < width) num.insert(0, width - num.size(), '0');
    return "rec-" + num;
}

Doc makeBase(Rng& rng, std::size_t n)
{
    std::size_t sectionCount = std::max<std::size_t>(1, (n + 20) / 40);
    // How many recommendations each section holds: weights 20..60, at least 3 each
    // when there are enough.
    std::vector<std::size_t> weights(sectionCount);
    std::size_t total = 0;
    for (auto& w : weights) total += (w = 20 + rng.below(41));
    std::vector<std::size_t> sizes(sectionCount);
    std::size_t given = 0;
    for (std::size_t i = 0; i < sectionCount; ++i) given += (sizes[i] = n * weights[i] / total);
    for (std::size_t i = 0; given < n; i = (i + 1) % sectionCount, ++given) ++sizes[i];

    Doc d;
    std::size_t recNo = 0, secNo = 0, children = 0;
    for (std::size_t i = 0; i < sectionCount; ++i) {
        const auto& theme = rng.pick(kThemes);
        const auto& topic = rng.pick(kTopics);
        Section s;
        std::string num = std::to_string(++secNo);
        if (num.size() < 3) num.insert(0, 3 - num.size(), '0');
        s.id = std::string(theme.slug) + "-" + num;
        s.headingEn = std::string(theme.en) + ": " + topic.en;
        s.headingKo = std::string(theme.ko) + ": " + topic.ko;
        if (rng.percent(10)) {
            Block intro{"en", {}};
            Para en, ko;
            makeParagraphs(rng, en, ko, true);
            intro.paras.push_back(std::move(en));
            s.intro = std::move(intro);
        }
        for (std::size_t k = 0; k < sizes[i]; ++k) s.recs.push_back(makeRec(rng, recId(++recNo, n)));
        // About a quarter of the sections are nested one level, under the last
        // top-level section (at most three under one).
        if (i > 0 && children < 3 && rng.percent(25)) {
            d.sections.back().subs.push_back(std::move(s));
            ++children;
        } else {
            d.sections.push_back(std::move(s));
            children = 0;
        }
    }
    return d;
}

// ---- writing (the canonical layout) -----------------------------------------------

void escapeInto(std::string& out, std::string_view s)
{
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
}

class Writer {
public:
    std::string write(const Doc& d)
    {
        out_.clear();
        out_.reserve(12u << 20);
        out_ += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
        out_ += "<submission xmlns=\"urn:accord:submission:1\" id=\"bench\" xml:lang=\"en\" version=\"1\">\n";
        out_ +=
            "  <meta>\n"
            "    <title xml:lang=\"en\">Benchmark submission: joint recommendations of civil society on the rights "
            "of migrants and refugees</title>\n"
            "    <title xml:lang=\"ko\">벤치마크 제출문: 이주민·난민 인권에 관한 시민사회 공동 권고</title>\n"
            "    <process kind=\"nap\">Fourth National Action Plan for the Promotion and Protection of Human "
            "Rights</process>\n"
            "    <addressee>Ministry of Justice</addressee>\n"
            "    <deadline>2025-12-15</deadline>\n"
            "    <coalition>\n";
        for (int i = 0; i < kOrgs; ++i)
            out_ += "      <member org=\"" + orgId(i) + (i == 0 ? "\" role=\"lead\"/>\n" : "\"/>\n");
        out_ += "    </coalition>\n  </meta>\n";
        for (const auto& s : d.sections) section(s, "  ");
        out_ += "</submission>\n";
        return std::move(out_);
    }

private:
    std::string out_;

    void textElement(const std::string& indent, const char* name, const char* attrs, std::string_view text)
    {
        out_ += indent;
        out_ += '<';
        out_ += name;
        out_ += attrs;
        out_ += '>';
        escapeInto(out_, text);
        out_ += "</";
        out_ += name;
        out_ += ">\n";
    }

    void para(const Para& p, const std::string& indent)
    {
        out_ += indent;
        out_ += "<p>";
        // A reflowed paragraph breaks lines at spaces of its running text, the
        // continuation lines indented three more than <p> (as an editor would).
        std::size_t column = indent.size() + 3;
        const std::string breakTo = "\n" + indent + "   ";
        for (const auto& seg : p.segs) {
            switch (seg.kind) {
            case Seg::Kind::Text:
                for (char c : seg.text) {
                    if (p.reflow && c == ' ' && column > 64) {
                        out_ += breakTo;
                        column = indent.size() + 3;
                        continue;
                    }
                    escapeInto(out_, std::string_view(&c, 1));
                    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++column;
                }
                break;
            case Seg::Kind::Em:
                out_ += "<em>";
                escapeInto(out_, seg.text);
                out_ += "</em>";
                column += seg.text.size() + 9;
                break;
            case Seg::Kind::Note:
                out_ += "<note>";
                escapeInto(out_, seg.text);
                out_ += "</note>";
                column += seg.text.size() + 13;
                break;
            }
        }
        out_ += "</p>\n";
    }

    void block(const Block& b, const char* name, const std::string& indent)
    {
        out_ += indent + "<" + name + " xml:lang=\"" + b.lang + "\">\n";
        for (const auto& p : b.paras) para(p, indent + "  ");
        out_ += indent + "</" + name + ">\n";
    }

    void rec(const Rec& r, const std::string& indent)
    {
        out_ += indent + "<recommendation id=\"" + r.id + "\"";
        if (!r.status.empty()) out_ += " status=\"" + r.status + "\"";
        if (!r.priority.empty()) out_ += " priority=\"" + r.priority + "\"";
        out_ += ">\n";
        std::string in = indent + "  ";
        textElement(in, "title", " xml:lang=\"en\"", r.titleEn);
        textElement(in, "title", " xml:lang=\"ko\"", r.titleKo);
        for (const auto& b : r.texts) block(b, "text", in);
        for (const auto& b : r.rationales) block(b, "rationale", in);
        for (const auto& a : r.addressees) textElement(in, "addressee", "", a);
        for (const auto& ref : r.refs) textElement(in, "ref", (" kind=\"" + ref.kind + "\"").c_str(), ref.text);
        for (const auto& e : r.endorsements) out_ += in + "<endorsement org=\"" + e + "\"/>\n";
        for (const auto& resp : r.responses) {
            out_ += in + "<response round=\"" + resp.round + "\" from=\"";
            escapeInto(out_, resp.from);
            out_ += "\"";
            if (!resp.position.empty()) out_ += " position=\"" + resp.position + "\"";
            if (resp.paras.empty()) {
                out_ += "/>\n";
                continue;
            }
            out_ += ">\n";
            for (const auto& p : resp.paras) para(p, in + "  ");
            out_ += in + "</response>\n";
        }
        out_ += indent + "</recommendation>\n";
    }

    void section(const Section& s, const std::string& indent)
    {
        out_ += indent + "<section id=\"" + s.id + "\">\n";
        std::string in = indent + "  ";
        textElement(in, "heading", " xml:lang=\"en\"", s.headingEn);
        textElement(in, "heading", " xml:lang=\"ko\"", s.headingKo);
        if (s.intro) block(*s.intro, "intro", in);
        for (const auto& r : s.recs) rec(r, in);
        for (const auto& sub : s.subs) section(sub, in);
        out_ += indent + "</section>\n";
    }
};

// ---- words of a paragraph -----------------------------------------------------------

std::vector<std::string> splitSpaces(const std::string& s)
{
    std::vector<std::string> out(1);
    for (char c : s) {
        if (c == ' ')
            out.emplace_back();
        else
            out.back() += c;
    }
    return out;
}

std::string joinSpaces(const std::vector<std::string>& tokens)
{
    std::string out;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (i) out += ' ';
        out += tokens[i];
    }
    return out;
}

bool pureWord(const std::string& t)
{
    if (t.empty()) return false;
    for (unsigned char c : t)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80)) return false;
    return true;
}

struct WordPos {
    std::size_t seg, tok;
};

// The words of the running text (not inside em or note) made of letters only: the
// ones a word edit may replace without touching punctuation or markup.
std::vector<WordPos> pureWords(const Para& p)
{
    std::vector<WordPos> out;
    for (std::size_t s = 0; s < p.segs.size(); ++s) {
        if (p.segs[s].kind != Seg::Kind::Text) continue;
        auto tokens = splitSpaces(p.segs[s].text);
        for (std::size_t t = 0; t < tokens.size(); ++t)
            if (pureWord(tokens[t])) out.push_back({s, t});
    }
    return out;
}

std::string wordAt(const Para& p, WordPos w)
{
    return splitSpaces(p.segs[w.seg].text)[w.tok];
}

void setWord(Para& p, WordPos w, const std::string& word)
{
    auto tokens = splitSpaces(p.segs[w.seg].text);
    tokens[w.tok] = word;
    p.segs[w.seg].text = joinSpaces(tokens);
}

// ---- edits --------------------------------------------------------------------------

struct ParaRef {
    bool rationale = false;
    std::size_t block = 0, para = 0;
};

Para& paraOf(Rec& r, const ParaRef& ref)
{
    return (ref.rationale ? r.rationales : r.texts).at(ref.block).paras.at(ref.para);
}

const Para& paraOf(const Rec& r, const ParaRef& ref)
{
    return (ref.rationale ? r.rationales : r.texts).at(ref.block).paras.at(ref.para);
}

const std::string& langOf(const Rec& r, const ParaRef& ref)
{
    return (ref.rationale ? r.rationales : r.texts).at(ref.block).lang;
}

struct Op {
    enum class Kind { Endorse, Words, Status, Priority, Insert, Move, Reflow, Delete } kind;
    std::string rec;      // the recommendation edited, moved or deleted
    std::string value;    // Endorse: org; Status, Priority: the new value
    ParaRef para;         // Words, Reflow
    std::vector<std::pair<WordPos, std::string>> words;  // Words
    std::string section;  // Insert: at the end of its recommendations; Move: destination
    std::string after;    // Move: right after this recommendation
    std::vector<Rec> recs;  // Insert
};

struct Found {
    Section* section = nullptr;
    std::size_t index = 0;
};

Found findRec(std::vector<Section>& sections, const std::string& id)
{
    for (auto& s : sections) {
        for (std::size_t i = 0; i < s.recs.size(); ++i)
            if (s.recs[i].id == id) return {&s, i};
        if (auto f = findRec(s.subs, id); f.section) return f;
    }
    return {};
}

Section* findSection(std::vector<Section>& sections, const std::string& id)
{
    for (auto& s : sections) {
        if (s.id == id) return &s;
        if (auto* f = findSection(s.subs, id)) return f;
    }
    return nullptr;
}

[[noreturn]] void internal(const std::string& what)
{
    throw std::logic_error("internal error: " + what);
}

// Applies one edit. `merged`: building expected.xml, where a reflow is no change.
void apply(Doc& d, const Op& op, bool merged)
{
    if (op.kind == Op::Kind::Insert) {
        Section* s = findSection(d.sections, op.section);
        if (!s) internal("no section " + op.section);
        s->recs.insert(s->recs.end(), op.recs.begin(), op.recs.end());
        return;
    }
    Found f = findRec(d.sections, op.rec);
    if (!f.section) internal("no recommendation " + op.rec);
    Rec& r = f.section->recs[f.index];
    switch (op.kind) {
    case Op::Kind::Endorse: r.endorsements.push_back(op.value); break;
    case Op::Kind::Words:
        for (const auto& [pos, word] : op.words) setWord(paraOf(r, op.para), pos, word);
        break;
    case Op::Kind::Status: r.status = op.value; break;
    case Op::Kind::Priority: r.priority = op.value; break;
    case Op::Kind::Reflow:
        if (!merged) paraOf(r, op.para).reflow = true;
        break;
    case Op::Kind::Delete: f.section->recs.erase(f.section->recs.begin() + static_cast<std::ptrdiff_t>(f.index)); break;
    case Op::Kind::Move: {
        Rec moved = std::move(r);
        f.section->recs.erase(f.section->recs.begin() + static_cast<std::ptrdiff_t>(f.index));
        Section* to = findSection(d.sections, op.section);
        if (!to) internal("no section " + op.section);
        auto at = std::find_if(to->recs.begin(), to->recs.end(), [&](const Rec& x) { return x.id == op.after; });
        if (at == to->recs.end()) internal("no recommendation " + op.after + " in " + op.section);
        to->recs.insert(at + 1, std::move(moved));
        break;
    }
    case Op::Kind::Insert: break;
    }
}

struct Counts {
    int endorse = 0, endorseShared = 0;
    int words = 0, wordsShared = 0;
    int statusPriority = 0;
    int insertSections = 0, insertShared = 0, newRecs = 0;
    int moves = 0, reflows = 0, deletes = 0;
};

class Planner {
public:
    Planner(Doc& base, Rng& rng) : base_(base), rng_(rng)
    {
        collect(base_.sections);
    }

    std::vector<Op> ours, theirs;
    Counts oursCount, theirsCount;

    void plan(int k, std::size_t n)
    {
        // Sequence edits first: they need untouched neighbours.
        planInserts(k, n);
        planMoves(k);
        planDeletes(k);
        planEndorsements(k);
        planWords(k);
        planStatusPriority(k);
        planReflows(k);
    }

private:
    Doc& base_;
    Rng& rng_;
    std::vector<Section*> sections_;
    std::vector<Rec*> recs_;
    std::unordered_set<std::string> locked_;           // recommendations no other edit may touch
    std::unordered_set<std::string> insertSections_;   // sections something is appended to
    static constexpr int kTries = 20000;

    void collect(std::vector<Section>& list)
    {
        for (auto& s : list) {
            sections_.push_back(&s);
            for (auto& r : s.recs) recs_.push_back(&r);
            collect(s.subs);
        }
    }

    bool free(const Rec& r) const { return !locked_.contains(r.id); }
    void lock(const Rec& r) { locked_.insert(r.id); }

    // A recommendation no other edit touches, satisfying `ok`; locked on return.
    template <class Pred>
    Rec* pickRec(Pred ok)
    {
        for (int t = 0; t < kTries; ++t) {
            Rec* r = recs_[rng_.below(recs_.size())];
            if (free(*r) && ok(*r)) {
                lock(*r);
                return r;
            }
        }
        return nullptr;
    }

    // A recommendation in the middle of a section whose neighbours nothing touches;
    // it and its neighbours are locked on return.
    std::pair<Section*, Rec*> pickMiddle(const Section* notIn = nullptr)
    {
        for (int t = 0; t < kTries; ++t) {
            Section* s = sections_[rng_.below(sections_.size())];
            if (s == notIn || s->recs.size() < 3) continue;
            std::size_t i = 1 + rng_.below(s->recs.size() - 2);
            if (!free(s->recs[i - 1]) || !free(s->recs[i]) || !free(s->recs[i + 1])) continue;
            lock(s->recs[i - 1]);
            lock(s->recs[i]);
            lock(s->recs[i + 1]);
            return {s, &s->recs[i]};
        }
        return {nullptr, nullptr};
    }

    // A gap between two neighbours nothing touches, not at a section's end; both
    // locked on return. Returns the recommendation before the gap.
    Rec* pickGap(const Section* notIn)
    {
        for (int t = 0; t < kTries; ++t) {
            Section* s = sections_[rng_.below(sections_.size())];
            if (s == notIn || s->recs.size() < 2) continue;
            std::size_t j = rng_.below(s->recs.size() - 1);
            if (!free(s->recs[j]) || !free(s->recs[j + 1])) continue;
            lock(s->recs[j]);
            lock(s->recs[j + 1]);
            gapSection_ = s;
            return &s->recs[j];
        }
        return nullptr;
    }
    Section* gapSection_ = nullptr;

    Section* pickInsertSection()
    {
        for (int t = 0; t < kTries; ++t) {
            Section* s = sections_[rng_.below(sections_.size())];
            if (s->recs.empty() || insertSections_.contains(s->id) || !free(s->recs.back())) continue;
            lock(s->recs.back());
            insertSections_.insert(s->id);
            return s;
        }
        return nullptr;
    }

    // A paragraph of r with at least `minWords` replaceable words; `enTextOnly` for
    // English text paragraphs of at least `minBytes` (reflow).
    std::optional<ParaRef> pickPara(const Rec& r, std::size_t minWords, bool enTextOnly = false,
                                    std::size_t minBytes = 0)
    {
        std::vector<ParaRef> ok;
        for (int which = 0; which < 2; ++which) {
            const auto& blocks = which ? r.rationales : r.texts;
            if (which && enTextOnly) break;
            for (std::size_t b = 0; b < blocks.size(); ++b) {
                if (enTextOnly && blocks[b].lang != "en") continue;
                for (std::size_t p = 0; p < blocks[b].paras.size(); ++p) {
                    const Para& para = blocks[b].paras[p];
                    if (pureWords(para).size() < minWords) continue;
                    std::size_t bytes = 0;
                    for (const auto& s : para.segs)
                        if (s.kind == Seg::Kind::Text) bytes += s.text.size();
                    if (bytes < minBytes) continue;
                    ok.push_back(ParaRef{which == 1, b, p});
                }
            }
        }
        if (ok.empty()) return std::nullopt;
        return ok[rng_.below(ok.size())];
    }

    std::string replacement(const std::string& lang, const std::string& old)
    {
        for (;;) {
            std::string w = lang == "ko" ? rng_.pick(kReplaceKo) : rng_.pick(kReplaceEn);
            if (w != old) return w;
        }
    }

    // Replace `count` consecutive replaceable words starting at index `first`.
    Op wordsOp(const Rec& r, const ParaRef& ref, std::size_t first, std::size_t count)
    {
        Op op{Op::Kind::Words, r.id, {}, ref, {}, {}, {}, {}};
        const Para& p = paraOf(r, ref);
        auto words = pureWords(p);
        for (std::size_t i = first; i < first + count && i < words.size(); ++i)
            op.words.emplace_back(words[i], replacement(langOf(r, ref), wordAt(p, words[i])));
        return op;
    }

    Op middleWordOp(const Rec& r, const ParaRef& ref)
    {
        return wordsOp(r, ref, pureWords(paraOf(r, ref)).size() / 2, 1);
    }

    std::string newOrg(const Rec& r, const std::string& also = {})
    {
        for (;;) {
            std::string org = orgId(static_cast<int>(rng_.below(kOrgs)));
            if (org != also && std::find(r.endorsements.begin(), r.endorsements.end(), org) == r.endorsements.end())
                return org;
        }
    }

    // -- the kinds --

    void planInserts(int k, std::size_t n)
    {
        int shared = k / 2;
        int oursNo = 0, theirsNo = 0;
        std::size_t width = std::max<std::size_t>(4, std::to_string(n).size());
        auto newId = [&](const char* side, int no) {
            std::string num = std::to_string(no);
            if (num.size() < width) num.insert(0, width - num.size(), '0');
            return std::string("new-") + side + "-" + num;
        };
        auto insertOp = [&](Section* s, const char* side, int& no) {
            Op op{Op::Kind::Insert, {}, {}, {}, {}, s->id, {}, {}};
            int count = rng_.range(1, 2);
            for (int i = 0; i < count; ++i) op.recs.push_back(makeRec(rng_, newId(side, ++no)));
            return op;
        };
        std::vector<Section*> oursSections;
        for (int i = 0; i < k; ++i) {
            Section* s = pickInsertSection();
            if (!s) break;
            oursSections.push_back(s);
            ours.push_back(insertOp(s, "ours", oursNo));
            ++oursCount.insertSections;
        }
        for (int i = 0; i < k; ++i) {
            Section* s = i < shared && i < static_cast<int>(oursSections.size()) ? oursSections[i] : pickInsertSection();
            if (!s) break;
            if (i < shared) ++theirsCount.insertShared, ++oursCount.insertShared;
            theirs.push_back(insertOp(s, "theirs", theirsNo));
            ++theirsCount.insertSections;
        }
        oursCount.newRecs = oursNo;
        theirsCount.newRecs = theirsNo;
    }

    void planMoves(int k)
    {
        for (int side = 0; side < 2; ++side) {
            auto& mover = side == 0 ? ours : theirs;
            auto& editor = side == 0 ? theirs : ours;
            auto& count = side == 0 ? oursCount : theirsCount;
            for (int i = 0; i < k; ++i) {
                auto [from, r] = pickMiddle();
                if (!r) break;
                Rec* after = pickGap(from);
                if (!after) break;
                auto ref = pickPara(*r, 3);
                if (!ref) continue;  // cannot happen with this vocabulary; leave it locked
                mover.push_back(Op{Op::Kind::Move, r->id, {}, {}, {}, gapSection_->id, after->id, {}});
                editor.push_back(middleWordOp(*r, *ref));
                ++count.moves;
            }
        }
    }

    void planDeletes(int k)
    {
        for (int side = 0; side < 2; ++side) {
            for (int i = 0; i < k; ++i) {
                auto [s, r] = pickMiddle();
                if (!r) break;
                (side == 0 ? ours : theirs).push_back(Op{Op::Kind::Delete, r->id, {}, {}, {}, {}, {}, {}});
                ++(side == 0 ? oursCount : theirsCount).deletes;
            }
        }
    }

    void planEndorsements(int k)
    {
        int shared = (k + 2) / 3;
        auto room = [](const Rec& r) { return r.endorsements.size() + 2 <= static_cast<std::size_t>(kOrgs); };
        for (int i = 0; i < k; ++i) {
            Rec* r = pickRec(room);
            if (!r) break;
            std::string org = newOrg(*r);
            ours.push_back(Op{Op::Kind::Endorse, r->id, org, {}, {}, {}, {}, {}});
            ++oursCount.endorse;
            if (i < shared) {
                theirs.push_back(Op{Op::Kind::Endorse, r->id, newOrg(*r, org), {}, {}, {}, {}, {}});
                ++theirsCount.endorse;
                ++oursCount.endorseShared;
                ++theirsCount.endorseShared;
            }
        }
        for (int i = shared; i < k; ++i) {
            Rec* r = pickRec(room);
            if (!r) break;
            theirs.push_back(Op{Op::Kind::Endorse, r->id, newOrg(*r), {}, {}, {}, {}, {}});
            ++theirsCount.endorse;
        }
    }

    void planWords(int k)
    {
        int shared = k / 2;
        auto hasPara = [&](std::size_t minWords) {
            return [this, minWords](const Rec& r) { return pickParaExists(r, minWords); };
        };
        for (int i = 0; i < k; ++i) {
            bool both = i < shared;
            Rec* r = pickRec(hasPara(both ? 12 : 6));
            if (!r) break;
            auto ref = *pickPara(*r, both ? 12 : 6);
            std::size_t n = pureWords(paraOf(*r, ref)).size();
            std::size_t count = rng_.range(1, 2);
            ours.push_back(wordsOp(*r, ref, 1 + rng_.below(3 - count + 1), count));  // within words 1..3
            ++oursCount.words;
            if (both) {
                std::size_t c2 = rng_.range(1, 2);
                theirs.push_back(wordsOp(*r, ref, n - 1 - c2 - rng_.below(2), c2));  // within words n-4..n-2
                ++theirsCount.words;
                ++oursCount.wordsShared;
                ++theirsCount.wordsShared;
            }
        }
        for (int i = shared; i < k; ++i) {
            Rec* r = pickRec(hasPara(6));
            if (!r) break;
            auto ref = *pickPara(*r, 6);
            std::size_t n = pureWords(paraOf(*r, ref)).size();
            std::size_t count = rng_.range(1, 2);
            theirs.push_back(wordsOp(*r, ref, n - 1 - count - rng_.below(2), count));
            ++theirsCount.words;
        }
    }

    bool pickParaExists(const Rec& r, std::size_t minWords)
    {
        for (const auto* blocks : {&r.texts, &r.rationales})
            for (const auto& b : *blocks)
                for (const auto& p : b.paras)
                    if (pureWords(p).size() >= minWords) return true;
        return false;
    }

    std::string other(const char* const (&values)[3], const std::string& now)
    {
        for (;;) {
            std::string v = rng_.pick(values);
            if (v != now) return v;
        }
    }

    void planStatusPriority(int k)
    {
        for (int i = 0; i < k; ++i) {
            Rec* r = pickRec([](const Rec&) { return true; });
            if (!r) break;
            Op status{Op::Kind::Status, r->id, other(kStatuses, r->status), {}, {}, {}, {}, {}};
            Op priority{Op::Kind::Priority, r->id, other(kPriorities, r->priority), {}, {}, {}, {}, {}};
            (i % 2 == 0 ? ours : theirs).push_back(std::move(status));
            (i % 2 == 0 ? theirs : ours).push_back(std::move(priority));
            ++oursCount.statusPriority;
            ++theirsCount.statusPriority;
        }
    }

    void planReflows(int k)
    {
        for (int side = 0; side < 2; ++side) {
            auto& reflower = side == 0 ? ours : theirs;
            auto& editor = side == 0 ? theirs : ours;
            for (int i = 0; i < k; ++i) {
                Rec* r = pickRec([this](const Rec& x) { return pickParaExistsLong(x); });
                if (!r) break;
                auto ref = *pickPara(*r, 6, true, 150);
                reflower.push_back(Op{Op::Kind::Reflow, r->id, {}, ref, {}, {}, {}, {}});
                editor.push_back(middleWordOp(*r, ref));
                ++(side == 0 ? oursCount : theirsCount).reflows;
            }
        }
    }

    bool pickParaExistsLong(const Rec& r)
    {
        for (const auto& b : r.texts) {
            if (b.lang != "en") continue;
            for (const auto& p : b.paras) {
                std::size_t bytes = 0;
                for (const auto& s : p.segs)
                    if (s.kind == Seg::Kind::Text) bytes += s.text.size();
                if (bytes >= 150 && pureWords(p).size() >= 6) return true;
            }
        }
        return false;
    }
};

// ---- main ---------------------------------------------------------------------------

void usage(std::ostream& out)
{
    out << "usage: generate_submission [--recommendations N] [--seed S] [--edits K] [--layout L] --out DIR\n"
           "  writes DIR/base.xml, DIR/ours.xml, DIR/theirs.xml, DIR/expected.xml\n"
           "  N: recommendations in base (default 10000); S: seed (default 1);\n"
           "  K: edits of each kind per side (default max(2, N/700), about 1% of N per side)\n"
           "  L: how base, ours and theirs are laid out (expected.xml is always canonical):\n"
           "     canonical (two spaces a level, LF), crlf (CR LF line ends), indent4 (four spaces\n"
           "     a level), tabs (a tab a level), attrs (every start tag's attributes in reverse order)\n";
}

/// `text`, written in the canonical layout, laid out as `layout` says (see usage).
std::string laidOut(const std::string& text, const std::string& layout)
{
    if (layout == "canonical") return text;
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (std::size_t at = 0; at < text.size();) {
        std::size_t end = text.find('\n', at);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(at, end - at);
        std::size_t spaces = line.find_first_not_of(' ');
        if (spaces == std::string::npos) spaces = line.size();
        if (layout == "indent4")
            line = std::string(2 * spaces, ' ') + line.substr(spaces);
        else if (layout == "tabs")
            line = std::string(spaces / 2, '\t') + line.substr(spaces);
        else if (layout == "attrs" && spaces < line.size() && line[spaces] == '<' && line.size() > spaces + 1 &&
                 line[spaces + 1] != '/' && line[spaces + 1] != '?') {
            // The start tag at the line's start: name, then ` a="…"` pairs, reversed.
            const std::size_t close = line.find('>', spaces);
            const std::size_t nameEnd = line.find_first_of(" >/", spaces + 1);
            if (close != std::string::npos && nameEnd < close && line[nameEnd] == ' ') {
                std::vector<std::string> attributes;
                for (std::size_t k = nameEnd; k < close && line[k] == ' ';) {
                    const std::size_t quote = line.find('"', k);
                    const std::size_t endQuote = line.find('"', quote + 1);
                    if (quote == std::string::npos || endQuote == std::string::npos || endQuote > close) break;
                    attributes.push_back(line.substr(k, endQuote + 1 - k));
                    k = endQuote + 1;
                }
                std::string reversed;
                for (auto it = attributes.rbegin(); it != attributes.rend(); ++it) reversed += *it;
                std::size_t consumed = nameEnd;
                for (const auto& a : attributes) consumed += a.size();
                line = line.substr(0, nameEnd) + reversed + line.substr(consumed);
            }
        } else if (layout != "crlf" && layout != "attrs") {
            throw std::invalid_argument("unknown layout " + layout + " (canonical, crlf, indent4, tabs, attrs)");
        }
        out += line;
        if (end < text.size()) out += layout == "crlf" ? "\r\n" : "\n";
        at = end + 1;
    }
    return out;
}

std::size_t writeFile(const std::filesystem::path& path, const std::string& text)
{
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(text.data(), static_cast<std::streamsize>(text.size()));
    f.close();
    if (!f) throw std::runtime_error("cannot write " + path.string());
    return text.size();
}

std::string mb(std::size_t bytes)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f MB", static_cast<double>(bytes) / 1e6);
    return buf;
}

std::size_t countSections(const std::vector<Section>& list, std::size_t& nested, int depth = 0)
{
    std::size_t n = 0;
    for (const auto& s : list) {
        ++n;
        if (depth > 0) ++nested;
        n += countSections(s.subs, nested, depth + 1);
    }
    return n;
}

} // namespace

int main(int argc, char** argv)
{
    std::size_t n = 10000;
    std::uint64_t seed = 1;
    int edits = -1;
    std::string outDir;
    std::string layout = "canonical";
    try {
        for (int i = 1; i < argc; ++i) {
            std::string a = argv[i];
            auto value = [&]() -> std::string {
                if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
                return argv[++i];
            };
            if (a == "--recommendations" || a == "-n")
                n = std::stoull(value());
            else if (a == "--seed")
                seed = std::stoull(value());
            else if (a == "--edits")
                edits = std::stoi(value());
            else if (a == "--layout")
                layout = value();
            else if (a == "--out" || a == "-o")
                outDir = value();
            else if (a == "--help" || a == "-h") {
                usage(std::cout);
                return 0;
            } else
                throw std::invalid_argument("unknown argument " + a);
        }
        if (outDir.empty()) throw std::invalid_argument("--out DIR is required");
        if (n < 10) throw std::invalid_argument("--recommendations must be at least 10");
    } catch (const std::exception& e) {
        std::cerr << "generate_submission: " << e.what() << "\n";
        usage(std::cerr);
        return 2;
    }
    if (edits < 0) edits = std::max<int>(2, static_cast<int>(n / 700));

    try {
        Rng contentRng(seed);
        Doc base = makeBase(contentRng, n);
        Rng editRng(seed ^ 0x5EEDED17C0FFEEull);
        Planner planner(base, editRng);
        planner.plan(edits, n);

        Doc ours = base, theirs = base, expected = base;
        for (const auto& op : planner.ours) apply(ours, op, false);
        for (const auto& op : planner.theirs) apply(theirs, op, false);
        for (const auto& op : planner.ours) apply(expected, op, true);
        for (const auto& op : planner.theirs) apply(expected, op, true);

        std::filesystem::path dir(outDir);
        std::filesystem::create_directories(dir);
        Writer w;
        std::size_t sBase = writeFile(dir / "base.xml", laidOut(w.write(base), layout));
        std::size_t sOurs = writeFile(dir / "ours.xml", laidOut(w.write(ours), layout));
        std::size_t sTheirs = writeFile(dir / "theirs.xml", laidOut(w.write(theirs), layout));
        std::size_t sExpected = writeFile(dir / "expected.xml", w.write(expected));

        bool fewer = false;
        for (const Counts* c : {&planner.oursCount, &planner.theirsCount})
            for (int got : {c->endorse, c->words, c->statusPriority, c->insertSections, c->moves, c->reflows, c->deletes})
                fewer = fewer || got < edits;
        if (fewer)
            std::cerr << "generate_submission: note: fewer edits than asked (" << edits
                      << " of each kind per side): too few recommendations or sections for them\n";
        std::size_t nested = 0;
        std::size_t sections = countSections(base.sections, nested);
        const auto& o = planner.oursCount;
        const auto& t = planner.theirsCount;
        auto both = [](int a, int b) { return std::to_string(a) + "/" + std::to_string(b); };
        std::cout << "generated " << dir.string() << ": " << n << " recommendations in " << sections << " sections ("
                  << nested << " nested), seed " << seed << ", layout " << layout << "; base " << mb(sBase) << ", ours " << mb(sOurs)
                  << ", theirs " << mb(sTheirs) << ", expected " << mb(sExpected)
                  << "; edits ours/theirs: endorse " << both(o.endorse, t.endorse) << " (" << o.endorseShared
                  << " same rec), words " << both(o.words, t.words) << " (" << o.wordsShared
                  << " same paragraph), status|priority " << both(o.statusPriority, t.statusPriority) << ", insert "
                  << both(o.insertSections, t.insertSections) << " sections (" << o.insertShared << " same spot; "
                  << both(o.newRecs, t.newRecs) << " new recs), move " << both(o.moves, t.moves) << ", reflow "
                  << both(o.reflows, t.reflows) << ", delete " << both(o.deletes, t.deletes) << "\n";
    } catch (const std::exception& e) {
        std::cerr << "generate_submission: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
