namespace Cordon.Screening.Matching;

/// <summary>
/// Forms of the same name part that differ in writing: legal forms abbreviated or written out in their
/// country's language (and their usual English translation), numbers as words, vessel prefixes written
/// with a slash, and given names with their nicknames and short forms. Tables are our own, from
/// company law and common usage (see docs/decisions/022-hard-names.md).
/// </summary>
public static class NameForms
{
    // Written-out legal forms (as tokens after transliteration) → the abbreviation they stand for. A form
    // and its usual English translation share one code (OOO is LLC, AO is JSC), so they compare equal.
    private static readonly Dictionary<string, (string Code, string Country)> Phrases = new(StringComparer.Ordinal)
    {
        ["gesellschaft mit beschrankter haftung"] = ("gmbh", "DE"),
        ["ges mbh"] = ("gmbh", "AT"),
        ["gesmbh"] = ("gmbh", "AT"),
        ["aktiengesellschaft"] = ("ag", "DE"),
        ["societe anonyme"] = ("sa", "FR"),
        ["sociedad anonima"] = ("sa", "ES"),
        ["societe a responsabilite limitee"] = ("sarl", "FR"),
        ["societe par actions simplifiee"] = ("sas", "FR"),
        ["obshchestvo s ogranichennoy otvetstvennostyu"] = ("llc", "RU"),
        ["obshchestvo s ogranichennoi otvetstvennostiu"] = ("llc", "RU"),
        ["ooo"] = ("llc", "RU"),
        ["tov"] = ("llc", "UA"),
        ["limited liability company"] = ("llc", "US"),
        ["aktsionernoye obshchestvo"] = ("jsc", "RU"),
        ["aktsionernoe obshchestvo"] = ("jsc", "RU"),
        ["ao"] = ("jsc", "RU"),
        ["joint stock company"] = ("jsc", ""),
        ["publichnoye aktsionernoye obshchestvo"] = ("pjsc", "RU"),
        ["publichnoe aktsionernoe obshchestvo"] = ("pjsc", "RU"),
        ["pao"] = ("pjsc", "RU"),
        ["public joint stock company"] = ("pjsc", ""),
        ["zao"] = ("cjsc", "RU"),
        ["closed joint stock company"] = ("cjsc", ""),
        ["oao"] = ("ojsc", "RU"),
        ["open joint stock company"] = ("ojsc", ""),
        ["limited"] = ("ltd", "GB"),
        ["public limited company"] = ("plc", "GB"),
        ["incorporated"] = ("inc", "US"),
        ["corporation"] = ("corp", "US"),
        ["besloten vennootschap"] = ("bv", "NL"),
        ["naamloze vennootschap"] = ("nv", "NL"),
        ["societa per azioni"] = ("spa", "IT"),
        ["societa a responsabilita limitata"] = ("srl", "IT"),
        ["sociedad limitada"] = ("sl", "ES"),
        ["sdn bhd"] = ("sdnbhd", "MY"),
        ["sendirian berhad"] = ("sdnbhd", "MY"),
        ["free zone establishment"] = ("fze", "AE"),
        ["free zone company"] = ("fzco", "AE"),
        ["anonim sirketi"] = ("as", "TR"),
        ["sp z oo"] = ("spzoo", "PL"),
        ["sp zoo"] = ("spzoo", "PL"),
        ["spolka z ograniczona odpowiedzialnoscia"] = ("spzoo", "PL"),
        // Vessel prefixes written with a slash: "M/V" is "MV".
        ["m v"] = ("mv", ""),
        ["m t"] = ("mt", ""),
    };

    private static readonly HashSet<string> PhraseStarts = Phrases.Keys.Select(k => k.Split(' ')[0]).ToHashSet(StringComparer.Ordinal);
    private const int LongestPhrase = 5;

    private static readonly Dictionary<string, string> Numbers = new(StringComparer.Ordinal)
    {
        ["zero"] = "0", ["one"] = "1", ["two"] = "2", ["three"] = "3", ["four"] = "4", ["five"] = "5", ["six"] = "6", ["seven"] = "7",
        ["eight"] = "8", ["nine"] = "9", ["ten"] = "10", ["eleven"] = "11", ["twelve"] = "12", ["thirteen"] = "13", ["fourteen"] = "14",
        ["fifteen"] = "15", ["sixteen"] = "16", ["seventeen"] = "17", ["eighteen"] = "18", ["nineteen"] = "19", ["twenty"] = "20",
        ["thirty"] = "30", ["forty"] = "40", ["fifty"] = "50", ["hundred"] = "100",
    };

    /// <summary>
    /// Legal forms that say which kind of company (GmbH is not AG): two names with different ones may be
    /// different companies. Words such as "company" or "group" are not among them.
    /// </summary>
    private static readonly HashSet<string> SpecificLegalForms =
    [
        "llc", "ltd", "inc", "corp", "gmbh", "mbh", "ag", "kg", "sa", "sarl", "sas", "sl", "srl", "spa", "sae", "bv", "nv", "plc", "llp", "lp", "jsc",
        "pjsc", "cjsc", "ojsc", "oy", "oyj", "ab", "as", "asa", "aps", "fze", "fzco", "fzc", "fzllc", "pte", "pty", "sdnbhd", "kft", "zrt", "doo",
        "sro", "spzoo", "decv", "sacv", "eirl", "ltda", "lda", "se", "ug",
    ];

    public static bool IsSpecificLegalForm(string token) => SpecificLegalForms.Contains(token);

    /// <summary>
    /// Rewrites written-out legal forms and number words in a name's tokens to one form each; with
    /// <paramref name="notes"/>, says what was rewritten (for the explanation an officer reads).
    /// </summary>
    public static void Normalise(List<string> tokens, List<string>? notes = null)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (Numbers.TryGetValue(tokens[i], out var digits))
            {
                notes?.Add($"{tokens[i]} = {digits} (number written out)");
                tokens[i] = digits;
                continue;
            }
            if (!PhraseStarts.Contains(tokens[i]))
            {
                continue;
            }
            for (var n = Math.Min(LongestPhrase, tokens.Count - i); n >= 1; n--)
            {
                var phrase = n == 1 ? tokens[i] : string.Join(' ', tokens.GetRange(i, n));
                if (Phrases.TryGetValue(phrase, out var form))
                {
                    notes?.Add($"{phrase} = {form.Code} (legal form{(form.Country.Length > 0 ? $", {form.Country}" : "")})");
                    tokens.RemoveRange(i, n);
                    tokens.Insert(i, form.Code);
                    break;
                }
            }
        }
    }

    // Given names and their nicknames and short forms (English, Russian, Arabic, Spanish usage). A
    // nickname is weak evidence: it is shared by people of several full names.
    private static readonly (string Full, string[] Short)[] NicknameTable =
    [
        ("william", ["bill", "will", "billy", "willy", "liam"]), ("robert", ["bob", "rob", "bobby", "robbie", "bert"]),
        ("richard", ["dick", "rick", "rich", "ricky"]), ("james", ["jim", "jimmy", "jamie"]), ("john", ["jack", "johnny"]),
        ("margaret", ["peggy", "maggie", "meg", "marge"]), ("elizabeth", ["liz", "beth", "betty", "liza", "lisa", "eliza", "bess"]),
        ("edward", ["ted", "ed", "eddie", "ned"]), ("charles", ["chuck", "charlie"]), ("joseph", ["joe", "joey"]),
        ("michael", ["mike", "mick", "mikey"]), ("thomas", ["tom", "tommy"]), ("anthony", ["tony"]), ("katherine", ["kate", "kathy", "katie", "kat"]),
        ("catherine", ["kate", "cathy", "katie"]), ("christopher", ["chris", "kit"]), ("daniel", ["dan", "danny"]), ("david", ["dave", "davey"]),
        ("nicholas", ["nick", "nicky"]), ("alexander", ["alex", "sandy", "sasha"]), ("benjamin", ["ben", "benny"]), ("samuel", ["sam", "sammy"]),
        ("jonathan", ["jon", "jonny"]), ("patrick", ["pat", "paddy"]), ("stephen", ["steve"]), ("steven", ["steve"]), ("timothy", ["tim", "timmy"]),
        ("andrew", ["andy", "drew"]), ("matthew", ["matt"]), ("peter", ["pete"]), ("frederick", ["fred", "freddie"]), ("henry", ["harry", "hank"]),
        ("lawrence", ["larry"]), ("gregory", ["greg"]), ("jennifer", ["jen", "jenny"]), ("rebecca", ["becky"]), ("susan", ["sue", "susie"]),
        ("patricia", ["pat", "patty", "trish"]), ("victoria", ["vicky", "tori"]), ("francisco", ["paco", "pancho", "cisco"]), ("jose", ["pepe"]),
        ("guillermo", ["memo"]), ("ignacio", ["nacho"]), ("enrique", ["kike"]), ("manuel", ["manolo"]), ("eduardo", ["lalo"]),
        ("aleksandr", ["sasha", "sanya", "shura"]), ("alexandr", ["sasha"]), ("dmitriy", ["dima", "mitya"]), ("dmitry", ["dima", "mitya"]),
        ("mikhail", ["misha"]), ("yekaterina", ["katya"]), ("ekaterina", ["katya"]), ("natalya", ["natasha"]), ("natalia", ["natasha"]),
        ("aleksey", ["alyosha", "lesha"]), ("alexei", ["alyosha", "lesha"]), ("vladimir", ["volodya", "vova"]), ("ivan", ["vanya"]),
        ("sergey", ["seryozha"]), ("nikolay", ["kolya"]), ("yevgeniy", ["zhenya"]), ("evgeny", ["zhenya"]), ("anastasia", ["nastya"]),
        ("tatyana", ["tanya"]), ("olga", ["olya"]), ("yelena", ["lena"]), ("elena", ["lena"]), ("pavel", ["pasha"]), ("konstantin", ["kostya"]),
        ("mohammed", ["hamoudi", "mido"]), ("muhammad", ["hamoudi"]), ("abdullah", ["abboud"]),
    ];

    private static readonly Dictionary<string, string[]> Related = NicknameTable
        .SelectMany(e => e.Short.Select(s => (Key: s, Value: e.Full)).Concat(e.Short.Select(s => (Key: e.Full, Value: s))))
        .GroupBy(p => p.Key, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Select(p => p.Value).Distinct().ToArray(), StringComparer.Ordinal);

    /// <summary>The full names a nickname stands for, or the nicknames of a full name; empty when none.</summary>
    public static IReadOnlyList<string> NicknamesOf(string token) => Related.TryGetValue(token, out var related) ? related : [];
}
