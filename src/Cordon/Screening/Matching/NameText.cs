using System.Text;
using AnyAscii;

namespace Cordon.Screening.Matching;

/// <summary>Tokens whose presence says little about who a party is.</summary>
public enum TokenKind : byte
{
    Word = 0,
    /// <summary>LLC, Ltd, GmbH, OOO, S.A.R.L.…: says "a company", not which one.</summary>
    LegalForm = 1,
    /// <summary>Mr, Dr, Haji, Sheikh, General…: a title, not a name.</summary>
    Honorific = 2,
    /// <summary>al, bin, de, van…: name particles shared by millions.</summary>
    Particle = 3,
}

/// <summary>
/// Name normalisation: transliteration of any script to Latin (AnyAscii: Cyrillic, Greek, Arabic,
/// CJK…), which also strips diacritics; lower case; apostrophes and dots dropped so that
/// "S.A.R.L." is "sarl" and "CHO'NG" is "chong"; every other non-alphanumeric separates tokens.
/// </summary>
public static class NameText
{
    private static readonly HashSet<string> LegalForms =
    [
        "llc", "ltd", "limited", "inc", "incorporated", "corp", "corporation", "co", "company", "cos", "gmbh", "mbh", "ag", "kg", "sa", "sarl", "sas",
        "sl", "srl", "spa", "sae", "bv", "nv", "plc", "llp", "lp", "ooo", "oao", "zao", "pao", "ao", "ojsc", "cjsc", "jsc", "pjsc", "ojs", "tov",
        "oy", "oyj", "ab", "as", "asa", "aps", "fze", "fzco", "fzc", "fz", "fzllc", "dmcc", "pte", "pty", "sdn", "bhd", "kft", "zrt", "doo", "sro",
        "spzoo", "sp", "zoo", "cv", "decv", "sapi", "sacv", "sarl", "eirl", "ltda", "cia", "lda", "se", "ug", "ek", "trust", "holding", "holdings",
        "group", "establishment", "est", "enterprise", "enterprises", "intl", "international",
    ];

    private static readonly HashSet<string> Honorifics =
    [
        "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "sheikh", "shaykh", "sheik", "shaikh", "haji", "hajji", "hadji", "hajj",
        "mullah", "mulla", "maulvi", "mawlawi", "maulana", "mawlana", "qari", "imam", "general", "gen", "col", "colonel", "capt", "captain", "lt",
        "major", "maj", "brigadier", "admiral", "commander", "eng", "engineer", "hon", "rev", "father", "emir", "amir", "mufti", "ustadh", "ustad",
        // Vessel prefixes: motor vessel, motor tanker, steamship, fishing vessel.
        "mv", "mt", "ss", "fv", "mfv",
    ];

    private static readonly HashSet<string> Particles =
    [
        "al", "el", "ul", "ur", "bin", "ben", "ibn", "bint", "binti", "bte", "abu", "abou", "umm", "de", "del", "della", "der", "den", "di", "da",
        "dos", "das", "do", "du", "la", "le", "van", "von", "y", "e", "and", "of", "the", "et", "und",
        // Patronymic markers written after the father's name (Azerbaijani, Turkmen, Kyrgyz…) and the Mauritanian "ould".
        "oglu", "ogly", "ogli", "kyzy", "qizi", "gizi", "uulu", "ould",
    ];

    private static readonly HashSet<string> PrefixPatronymics = ["bin", "ibn", "bint", "binti", "bte", "ben", "ould"];
    private static readonly HashSet<string> SuffixPatronymics = ["oglu", "ogly", "ogli", "kyzy", "qizi", "gizi", "uulu"];

    /// <summary>
    /// For a patronymic marker, where the child's and the father's names stand relative to it: "YUSUF BIN
    /// SALIM" is YUSUF son of SALIM (−1, +1); "RASUL TURAL OGLU" is RASUL son of TURAL (−2, −1). Null otherwise.
    /// </summary>
    public static (int Child, int Father)? PatronymicOffsets(string token)
        => PrefixPatronymics.Contains(token) ? (-1, 1) : SuffixPatronymics.Contains(token) ? (-2, -1) : null;

    public static TokenKind KindOf(string token)
        => LegalForms.Contains(token) ? TokenKind.LegalForm
            : Honorifics.Contains(token) ? TokenKind.Honorific
            : Particles.Contains(token) ? TokenKind.Particle
            : TokenKind.Word;

    /// <summary>The name's tokens, normalised. Empty when nothing alphanumeric is left.</summary>
    public static List<string> Tokens(string? name) => Tokens(name, null);

    /// <summary>
    /// The name's tokens, normalised (legal forms and number words in one form each, see <see cref="NameForms"/>);
    /// with <paramref name="notes"/>, what was rewritten.
    /// </summary>
    public static List<string> Tokens(string? name, List<string>? notes)
    {
        var result = new List<string>(4);
        if (string.IsNullOrWhiteSpace(name))
        {
            return result;
        }
        var ascii = IsAscii(name) ? name : SyllablesApart(name.Normalize(NormalizationForm.FormKC)).Replace('\u0902', 'न').Replace('\u0982', 'ন')
            // Sha (श, ষ, শ…) is "sh" in every Latin spelling of these names; the transliteration writes "s".
            .Replace("श", "sh").Replace("ष", "sh").Replace("শ", "sh").Replace("ষ", "sh").Transliterate();
        var sb = new StringBuilder(ascii.Length);
        foreach (var ch in ascii)
        {
            if (char.IsAsciiLetterOrDigit(ch))
            {
                sb.Append(char.ToLowerInvariant(ch));
            }
            else if (ch is '\'' or '`' or '.' or '\u2019' or '\u2018' or '\u02bc' or '\u02bb')
            {
                // Joiners: "O'BRIEN" is "obrien", "S.A." is "sa".
            }
            else if (sb.Length > 0)
            {
                result.Add(sb.ToString());
                sb.Clear();
            }
        }
        if (sb.Length > 0)
        {
            result.Add(sb.ToString());
        }
        NameForms.Normalise(result, notes);
        return result;
    }

    /// <summary>
    /// Chinese characters and Korean syllables each stand for one syllable of a name, written apart in
    /// Latin lists ("张伟" is "Zhang Wei"): transliterated one by one with a space between, the way a
    /// list writes them; a given name written together ("Jianhua") is matched as written together.
    /// </summary>
    private static string SyllablesApart(string name)
    {
        var hasSyllables = false;
        foreach (var c in name)
        {
            hasSyllables |= IsSyllable(c);
        }
        if (!hasSyllables)
        {
            return name;
        }
        var sb = new StringBuilder(name.Length * 2);
        foreach (var c in name)
        {
            if (IsSyllable(c))
            {
                sb.Append(' ').Append(c).Append(' ');
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// True when a name is written in an Indic script (Devanagari, Bengali…), whose transliteration leaves
    /// the inherent vowel unwritten ("रहिम" is "rhim" for RAHIM): such tokens are compared by consonants too.
    /// </summary>
    public static bool IsIndic(string name)
    {
        foreach (var c in name)
        {
            if (c is >= '\u0900' and <= '\u0dff')
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>True when a name is written in Arabic or Hebrew script, which leave most vowels unwritten.</summary>
    public static bool IsVowelless(string name)
    {
        foreach (var c in name)
        {
            if (c is >= '\u0590' and <= '\u06ff' or >= '\u0750' and <= '\u077f' or >= '\ufb50' and <= '\ufeff')
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>True when a name is written in Chinese characters or Korean syllables.</summary>
    public static bool IsSyllabic(string name)
    {
        foreach (var c in name)
        {
            if (IsSyllable(c))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsSyllable(char c) => c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf' or >= '\uac00' and <= '\ud7a3';

    private static bool IsAscii(string s)
    {
        foreach (var c in s)
        {
            if (c > 127)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// A phonetic key for a normalised token, tuned for names transliterated from many languages:
    /// vowels and h are dropped after the first letter; letters that transliterations swap share a
    /// code (k/q/c/g, s/z/x, t/d/th/dh, f/v/w/ph, j/dj/zh/dzh, ch/sh/sch); doubled letters count once.
    /// "MOHAMMED", "MUHAMAD" and "MOKHAMMED" share "MMT".
    /// </summary>
    public static string PhoneticKey(string token)
    {
        Span<char> key = stackalloc char[8];
        var n = 0;
        var s = token.AsSpan();
        char last = '\0';
        for (var i = 0; i < s.Length && n < key.Length; i++)
        {
            var c = s[i];
            var next = i + 1 < s.Length ? s[i + 1] : '\0';
            char code;
            switch (c)
            {
                case 'a' or 'e' or 'i' or 'o' or 'u' or 'y':
                    code = i == 0 ? 'A' : '\0';
                    break;
                case 'h':
                    code = i == 0 && next is not ('a' or 'e' or 'i' or 'o' or 'u' or 'y') ? '\0' : i == 0 ? 'A' : '\0';
                    break;
                case 'b' or 'p':
                    if (c == 'p' && next == 'h')
                    {
                        code = 'F';
                        i++;
                    }
                    else
                    {
                        code = 'B';
                    }
                    break;
                case 'f' or 'v' or 'w':
                    code = 'F';
                    break;
                case 'c':
                    if (next == 'h')
                    {
                        code = 'X';
                        i++;
                    }
                    else if (next is 'e' or 'i' or 'y')
                    {
                        code = 'S';
                    }
                    else
                    {
                        code = 'K';
                        if (next == 'k')
                        {
                            i++;
                        }
                    }
                    break;
                case 'k' or 'q' or 'g':
                    code = 'K';
                    if (next == 'h')
                    {
                        i++;
                        // Russian writes the Arabic "h" of MUHAMMAD as "kh" (MUKHAMMAD); inside a name it counts as h.
                        if (c == 'k' && i > 1)
                        {
                            code = '\0';
                        }
                    }
                    break;
                case 'x':
                    // "ks": the K is written here, the S below.
                    if (n < key.Length - 1 && last != 'K')
                    {
                        key[n++] = 'K';
                    }
                    code = 'S';
                    last = 'K';
                    break;
                case 's':
                    if (next == 'h' || (next == 'c' && i + 2 < s.Length && s[i + 2] == 'h'))
                    {
                        code = 'X';
                        i += next == 'h' ? 1 : 2;
                    }
                    else
                    {
                        code = 'S';
                    }
                    break;
                case 'z':
                    if (next == 'h')
                    {
                        code = 'J';
                        i++;
                    }
                    else
                    {
                        code = 'S';
                    }
                    break;
                case 't' or 'd':
                    if (c == 'd' && (next == 'j' || (next == 'z' && i + 2 < s.Length && s[i + 2] == 'h')))
                    {
                        code = 'J';
                        i += next == 'j' ? 1 : 2;
                    }
                    else if (c == 't' && next == 's')
                    {
                        code = 'S';
                        i++;
                    }
                    else
                    {
                        code = 'T';
                        if (next == 'h')
                        {
                            i++;
                        }
                    }
                    break;
                case 'j':
                    code = 'J';
                    break;
                case 'l' or 'm' or 'n' or 'r':
                    code = char.ToUpperInvariant(c);
                    break;
                default:
                    code = char.IsAsciiDigit(c) ? c : '\0';
                    break;
            }
            if (code == '\0')
            {
                // A vowel between two equal consonants keeps them apart ("MAMA" is MM), a doubled letter does not.
                if (c is not 'h')
                {
                    last = '\0';
                }
                continue;
            }
            if (code != last)
            {
                key[n++] = code;
            }
            last = code;
        }
        return new string(key[..n]);
    }

    /// <summary>
    /// True for a token written without vowels, as Arabic and Hebrew script transliterate
    /// ("محمد" is "mhmd"): such a token is compared by its consonants.
    /// </summary>
    public static bool IsConsonantal(string token)
    {
        if (token.Length < 2)
        {
            return false;
        }
        foreach (var c in token)
        {
            if (c is 'a' or 'e' or 'i' or 'o' or 'u' || !char.IsAsciiLetter(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// A key shared by the romanisations of one Slavic name: BGN/PCGN, German, French and ISO 9 write
    /// Щербаков as SHCHERBAKOV, SCHERBAKOW, CHTCHERBAKOV and ŠČERBAKOV. Their sibilants (sh, ch, sch, tsch,
    /// zh, ts, s, z, c…) are one letter here, w is v, kh is h, and vowels, j and y are left out:
    /// all four are "srbkv". Lossy by design: it finds candidates; <see cref="ScreeningIndex"/> scores them
    /// below a spelt match, and only for keys of four letters or more.
    /// </summary>
    public static string RomanisationKey(string token)
    {
        Span<char> key = stackalloc char[Math.Min(token.Length, 32)];
        var n = 0;
        var s = token.AsSpan();
        for (var i = 0; i < s.Length && n < key.Length; i++)
        {
            var code = s[i] switch
            {
                'a' or 'e' or 'i' or 'o' or 'u' or 'y' or 'j' => '\0',
                's' or 'z' or 'c' => 's',
                'w' => 'v',
                var c => c,
            };
            foreach (var (part, partCode) in RomanisationLetters)
            {
                if (s[i..].StartsWith(part, StringComparison.Ordinal))
                {
                    code = partCode;
                    i += part.Length - 1;
                    break;
                }
            }
            if (code != '\0' && (n == 0 || key[n - 1] != code))
            {
                key[n++] = code;
            }
        }
        return new string(key[..n]);
    }

    // Letter groups the romanisation systems write for one Cyrillic letter, longest first.
    private static readonly (string Part, char Code)[] RomanisationLetters =
    [
        ("schtsch", 's'), ("chtch", 's'), ("shch", 's'), ("tsch", 's'), ("sch", 's'), ("tch", 's'),
        ("sh", 's'), ("ch", 's'), ("zh", 's'), ("ts", 's'), ("tz", 's'), ("kh", 'h'),
    ];

    /// <summary>
    /// The consonants of a token, doubled letters once: "muhammad" is "mhmd", "yusuf" is "sf". Q is k and
    /// g is j, as Latin transcriptions write the Arabic qaf and jim both ways (QAHTANI/KAHTANI, JAMAL/GAMAL).
    /// </summary>
    public static string Skeleton(string token)
    {
        Span<char> buffer = stackalloc char[Math.Min(token.Length, 64)];
        var n = 0;
        foreach (var letter in token)
        {
            var c = letter switch { 'q' => 'k', 'g' => 'j', _ => letter };
            // w and y are written for the long vowels u and i in Arabic script.
            if (c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y' or 'w' || n == buffer.Length || (n > 0 && buffer[n - 1] == c))
            {
                continue;
            }
            buffer[n++] = c;
        }
        return new string(buffer[..n]);
    }
}
