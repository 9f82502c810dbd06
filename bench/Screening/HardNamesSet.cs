using System.Globalization;
using System.Text;
using Cordon.Screening.Lists;
using Cordon.Screening.Matching;

/// <summary>
/// Writes the hard-names development set (bench/Screening/dev-set/hard-names.csv) from the seed tables
/// beside it and the aliases of the shipped UN and OFAC lists. Deterministic: the same seeds and lists
/// give the same file, byte for byte. The pairs are inputs only; scores come from the product's matcher.
/// </summary>
internal static class HardNamesSet
{
    public sealed record Pair(string Query, string Candidate, string Type, string Kind, bool Match, string Source);

    public static string Folder(string root) => Path.Combine(root, "bench", "Screening", "dev-set");

    public static List<Pair> Generate(string root, List<ListEntry> un, List<ListEntry> ofac)
    {
        var seeds = Path.Combine(Folder(root), "seeds");
        var random = new Random(24);
        var pairs = new List<Pair>();
        void Add(string query, string candidate, string type, string kind, bool match, string source)
        {
            if (!string.Equals(query, candidate, StringComparison.OrdinalIgnoreCase))
            {
                pairs.Add(new Pair(query, candidate, type, kind, match, source));
            }
        }
        T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

        // Arabic names: [spellings…], script.
        var given = Rows(seeds, "arabic-given.tsv").Select(r => (Latin: r[0].Split('|'), Script: r[1])).ToList();
        var family = Rows(seeds, "arabic-family.tsv").Select(r => (Latin: r[0].Split('|'), Script: r[1])).ToList();

        // Near-namesakes: same common tokens, another family name (non-match); same person spelt otherwise (match).
        for (var i = 0; i < 50; i++)
        {
            var g1 = Pick(given);
            var g2 = Pick(given);
            var f = Pick(family);
            var other = Pick(family.Where(x => x != f).ToList());
            var query = $"{g1.Latin[0]} {g2.Latin[0]} {f.Latin[0]}";
            Add(query, $"{g1.Latin[0]} {g2.Latin[0]} {other.Latin[0]}", "person", "near-namesake", false, "arabic-given.tsv, arabic-family.tsv");
            Add(query, $"{Pick(g1.Latin)} {Pick(g2.Latin)} {f.Latin[^1]}", "person", "near-namesake", true, "arabic-given.tsv, arabic-family.tsv");
        }
        foreach (var row in Rows(seeds, "afghan-somali-indonesian.tsv"))
        {
            var lasts = row[1].Split('|');
            for (var i = 0; i < lasts.Length; i++)
            {
                var query = $"{row[0]} {lasts[i]}";
                Add(query, $"{row[0]} {lasts[(i + 1) % lasts.Length]}", "person", "near-namesake", false, "afghan-somali-indonesian.tsv");
                Add(query, Typo($"{row[0]} {lasts[i]}", random, row[0].Length + 2), "person", "near-namesake", true, "afghan-somali-indonesian.tsv");
            }
        }

        // Patronymic chains: the same names in another order are another person; BIN/IBN and a dropped particle are the same.
        for (var i = 0; i < 45; i++)
        {
            var a = Pick(given).Latin[0];
            var b = Pick(given).Latin[0];
            if (a == b)
            {
                continue;
            }
            var f = Pick(family).Latin[0];
            var (particle, alt) = Pick<(string, string)>([("BIN", "IBN"), ("BIN", "BEN"), ("BINT", "BINTI"), ("IBN", "BIN")]);
            Add($"{a} {particle} {b}", $"{b} {particle} {a}", "person", "patronymic-order", false, "arabic-given.tsv");
            Add($"{a} {particle} {b} {f}", $"{b} {particle} {a} {f}", "person", "patronymic-order", false, "arabic-given.tsv, arabic-family.tsv");
            Add($"{a} {particle} {b}", $"{a} {alt} {b}", "person", "patronymic-order", true, "arabic-given.tsv");
            Add($"{a} {particle} {b} {f}", $"{a} {b} {f}", "person", "patronymic-order", true, "arabic-given.tsv, arabic-family.tsv");
        }
        string[] turkic = ["ALIYEV", "MAMMADOV", "HASANOV", "GULIYEV", "HUSEYNOV", "ISMAYILOV"];
        string[] turkicGiven = ["RASUL", "ELCHIN", "VUGAR", "ANAR", "TURAL", "RAMIL", "ILHAM", "FARID"];
        for (var i = 0; i < 15; i++)
        {
            var a = Pick(turkicGiven);
            var b = Pick(turkicGiven.Where(x => x != a).ToList());
            var s = Pick(turkic);
            Add($"{s} {a} {b} OGLU", $"{s} {b} {a} OGLU", "person", "patronymic-order", false, "generator (Azerbaijani patronymics)");
            Add($"{s} {a} {b} OGLU", $"{s} {a} {b} OGLY", "person", "patronymic-order", true, "generator (Azerbaijani patronymics)");
        }

        // Brand-sharing companies: the same brand, another business (non-match); the same company with its legal form (match).
        foreach (var row in Rows(seeds, "brands.tsv"))
        {
            var names = row[0].Split('|');
            for (var i = 0; i < names.Length; i++)
            {
                for (var j = i + 1; j < names.Length; j++)
                {
                    Add(names[i], names[j], "company", "brand-sharing", false, "brands.tsv");
                }
                Add(names[i], $"{names[i]} {Pick(["CO LTD", "COMPANY", "LIMITED", "PLC", "CORPORATION"])}", "company", "brand-sharing", true, "brands.tsv");
                Add(names[i], Typo(names[i], random, names[i].IndexOf(' ') + 2), "company", "brand-sharing", true, "brands.tsv");
            }
        }

        // Legal forms: another form is another company (non-match); the same form abbreviated, punctuated or written out is the same (match).
        var forms = Rows(seeds, "legal-forms.tsv").Select(r => (Country: r[0], Short: r[1], Other: r[2].Split('|'))).ToList();
        var stems = Rows(seeds, "company-stems.tsv").Select(r => r[0]).ToList();
        foreach (var stem in stems)
        {
            for (var k = 0; k < 4; k++)
            {
                var form = Pick(forms);
                var other = Pick(forms.Where(f => f.Short != form.Short && !f.Other.Contains(form.Short)).ToList());
                Add($"{stem} {form.Short}", $"{stem} {other.Short}", "company", "legal-form-different", false, "company-stems.tsv, legal-forms.tsv");
                if (k < 2)
                {
                    Add($"{stem} {form.Short}", $"{Typo(stem, random, 2)} {form.Short}", "company", "legal-form-different", true, "company-stems.tsv, legal-forms.tsv");
                }
                Add($"{stem} {form.Short}", $"{stem} {Pick(form.Other)}", "company", "legal-form-spelled", true, "company-stems.tsv, legal-forms.tsv");
            }
            var de = forms.Where(f => f.Country is "DE" or "FR" or "RU").ToList();
            var a = Pick(de);
            var b = Pick(de.Where(f => f.Country == a.Country && f.Short != a.Short).ToList());
            Add($"{stem} {a.Short}", $"{stem} {b.Other[0]}", "company", "legal-form-spelled", false, "company-stems.tsv, legal-forms.tsv");
            Add($"{stem} {a.Other[0]}", $"{stem} {b.Other[0]}", "company", "legal-form-spelled", false, "company-stems.tsv, legal-forms.tsv");
        }

        // Short names: one letter makes another vessel (non-match); a ship prefix or a joined name does not (match).
        foreach (var row in Rows(seeds, "vessels.tsv"))
        {
            var names = row[0].Split('|');
            Add(names[0], names[1], "vessel", "short-name", false, "vessels.tsv");
            Add(names[1], names[0], "vessel", "short-name", false, "vessels.tsv");
            foreach (var name in names)
            {
                Add(name, $"{Pick(["MV", "M/V", "MT", "M.V."])} {name}", "vessel", "short-name", true, "vessels.tsv");
            }
        }

        // Chinese characters against pinyin.
        var chinese = Rows(seeds, "chinese.tsv").Select(r => (Role: r[0], Han: r[1], Pinyin: r[2])).ToList();
        var surnames = chinese.Where(c => c.Role == "S").ToList();
        var givens = chinese.Where(c => c.Role == "G").ToList();
        for (var i = 0; i < 45; i++)
        {
            var s = Pick(surnames);
            var g = Pick(givens);
            var otherGiven = Pick(givens.Where(x => x.Pinyin != g.Pinyin).ToList());
            var otherSurname = Pick(surnames.Where(x => x.Pinyin != s.Pinyin).ToList());
            Add(s.Han + g.Han, $"{s.Pinyin} {g.Pinyin}", "person", "cross-script-chinese", true, "chinese.tsv");
            Add(s.Han + g.Han, $"{g.Pinyin} {s.Pinyin}", "person", "cross-script-chinese", true, "chinese.tsv");
            Add(s.Han + g.Han, $"{s.Pinyin} {otherGiven.Pinyin}", "person", "cross-script-chinese", false, "chinese.tsv");
            Add(s.Han + g.Han, $"{otherSurname.Pinyin} {g.Pinyin}", "person", "cross-script-chinese", false, "chinese.tsv");
        }

        // Arabic script against Latin transcriptions.
        for (var i = 0; i < 45; i++)
        {
            var g1 = Pick(given);
            var g2 = Pick(given);
            var f = Pick(family);
            var other = Pick(family.Where(x => x != f).ToList());
            var otherGiven = Pick(given.Where(x => x != g1 && x != g2).ToList());
            Add($"{g1.Script} {g2.Script}", $"{Pick(g1.Latin)} {Pick(g2.Latin)}", "person", "cross-script-arabic", true, "arabic-given.tsv");
            Add($"{g1.Script} {g2.Script} {f.Script}", $"{Pick(g1.Latin)} {Pick(g2.Latin)} {Pick(f.Latin)}", "person", "cross-script-arabic", true, "arabic-given.tsv, arabic-family.tsv");
            Add($"{g1.Script} {g2.Script} {f.Script}", $"{Pick(g1.Latin)} {Pick(g2.Latin)} {Pick(other.Latin)}", "person", "cross-script-arabic", false, "arabic-given.tsv, arabic-family.tsv");
            Add($"{g1.Script} {g2.Script}", $"{Pick(g1.Latin)} {Pick(otherGiven.Latin)}", "person", "cross-script-arabic", false, "arabic-given.tsv");
        }

        // Cyrillic: several romanisations of the same name.
        var cyrillic = Rows(seeds, "cyrillic.tsv").Select(r => (Role: r[0], Name: r[1])).ToList();
        var cFamily = cyrillic.Where(c => c.Role == "F").Select(c => c.Name).ToList();
        var cGiven = cyrillic.Where(c => c.Role == "G").Select(c => c.Name).ToList();
        for (var i = 0; i < 45; i++)
        {
            var g = Pick(cGiven);
            var f = Pick(cFamily);
            var otherF = Pick(cFamily.Where(x => x != f).ToList());
            var (s1, s2) = (Pick(Romanisations), Pick(Romanisations));
            Add($"{g} {f}", $"{Romanise(f, s1)} {Romanise(g, s1)}", "person", "cross-script-cyrillic", true, "cyrillic.tsv + romanisation tables");
            Add($"{Romanise(g, s1)} {Romanise(f, s1)}", $"{Romanise(g, s2 == s1 ? "french" : s2)} {Romanise(f, s2 == s1 ? "french" : s2)}", "person",
                "cross-script-cyrillic", true, "cyrillic.tsv + romanisation tables");
            Add($"{g} {f}", $"{Romanise(g, s2)} {Romanise(otherF, s2)}", "person", "cross-script-cyrillic", false, "cyrillic.tsv + romanisation tables");
        }

        // Devanagari and Bengali against Latin.
        var indic = Rows(seeds, "indic.tsv").Select(r => (Script: r[0], Native: r[1], Latin: r[2].Split('|'))).ToList();
        foreach (var script in new[] { "D", "B" })
        {
            var names = indic.Where(x => x.Script == script).ToList();
            for (var i = 0; i < 22; i++)
            {
                var a = Pick(names);
                var b = Pick(names.Where(x => x != a).ToList());
                var c = Pick(names.Where(x => x != a && x != b).ToList());
                var kind = "cross-script-indic";
                Add($"{a.Native} {b.Native}", $"{Pick(a.Latin)} {Pick(b.Latin)}", "person", kind, true, "indic.tsv");
                Add($"{a.Native} {b.Native}", $"{Pick(a.Latin)} {Pick(c.Latin)}", "person", kind, false, "indic.tsv");
            }
        }

        // Nicknames and short forms.
        var nicknames = Rows(seeds, "nicknames.tsv").Select(r => (Full: r[0], Short: r[1].Split('|'))).ToList();
        var latinSurnames = Rows(seeds, "surnames-latin.tsv").Select(r => r[0]).ToList();
        for (var i = 0; i < 45; i++)
        {
            var n = Pick(nicknames);
            var other = Pick(nicknames.Where(x => x != n).ToList());
            var s = Pick(latinSurnames);
            Add($"{Pick(n.Short)} {s}", $"{n.Full} {s}", "person", "nickname", true, "nicknames.tsv, surnames-latin.tsv");
            Add($"{Pick(n.Short)} {s}", $"{other.Full} {s}", "person", "nickname", false, "nicknames.tsv, surnames-latin.tsv");
        }

        // Particles written together, apostrophes and elisions.
        foreach (var row in Rows(seeds, "particles.tsv"))
        {
            var kind = row[0] == "J" ? "concatenation" : "apostrophe";
            var others = Rows(seeds, "particles.tsv").Where(r => r[0] == row[0] && r[1] != row[1]).Select(r => r[1]).ToList();
            foreach (var variant in row[2].Split('|'))
            {
                var first = Pick(["PIETER", "MARIA", "ANTONIO", "JEAN", "SEAN", "AMINATA"]);
                Add($"{first} {row[1]}", $"{first} {variant}", "person", kind, true, "particles.tsv");
                Add($"{variant} {first}", $"{first} {row[1]}", "person", kind, true, "particles.tsv");
                var other = Pick(others);
                Add($"{first} {variant}", $"{first} {other}", "person", kind, false, "particles.tsv");
                Add($"{first} {row[1]}", $"{first} {Pick(others.Where(o => o != other).ToList())}", "person", kind, false, "particles.tsv");
            }
        }

        // Numbers as digits or words.
        string[] words = ["ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE", "TEN", "ELEVEN", "TWELVE"];
        foreach (var row in Rows(seeds, "numbered.tsv"))
        {
            var type = row[0] switch { "V" => "vessel", "C" => "company", _ => "organisation" };
            for (var k = 0; k < 4; k++)
            {
                var n = 1 + random.Next(12);
                var m = 1 + (n + random.Next(11)) % 12;
                Add(row[1].Replace("{n}", words[n]), row[1].Replace("{n}", n.ToString(CultureInfo.InvariantCulture)), type, "number-words", true, "numbered.tsv");
                Add(row[1].Replace("{n}", n.ToString(CultureInfo.InvariantCulture)), row[1].Replace("{n}", words[n]), type, "number-words", true, "numbered.tsv");
                Add(row[1].Replace("{n}", words[n]), row[1].Replace("{n}", m.ToString(CultureInfo.InvariantCulture)), type, "number-words", false, "numbered.tsv");
                Add(row[1].Replace("{n}", n.ToString(CultureInfo.InvariantCulture)), row[1].Replace("{n}", words[m]), type, "number-words", false, "numbered.tsv");
            }
        }

        // A name that is the start of the full one (match); the same start with another family name (non-match).
        for (var i = 0; i < 45; i++)
        {
            var g = given.Select(x => x.Latin[0]).OrderBy(_ => random.Next()).Take(3).ToList();
            var f = Pick(family).Latin[0];
            var other = Pick(family.Where(x => x.Latin[0] != f).ToList()).Latin[0];
            Add($"{g[0]} {g[1]}", $"{g[0]} {g[1]} {g[2]} {f}", "person", "prefix-name", true, "arabic-given.tsv, arabic-family.tsv");
            Add($"{g[0]} {g[1]} {f}", $"{g[0]} {g[1]} {g[2]} {other}", "person", "prefix-name", false, "arabic-given.tsv, arabic-family.tsv");
        }

        // The lists' own aliases: a primary name and a strong alias spelt differently are the same party; two listed parties sharing
        // two or more name tokens are different parties.
        var listed = un.Concat(ofac).Where(e => e.Type is EntityType.Person or EntityType.Organisation or EntityType.Vessel).ToList();
        var aliasPairs = listed.SelectMany(e => e.Aliases.Where(a => a.Strength == AliasStrength.Strong)
                .Select(a => (e, a.Name)))
            // Spellings of the same name, not other names the party went by: at least half the shorter name's words are in the other.
            .Where(x => Overlap(x.e.Name, x.Name) < NameText.Tokens(x.e.Name).Count
                && 2 * WordOverlap(x.e.Name, x.Name) >= Math.Min(Words(x.e.Name).Count, Words(x.Name).Count) && WordOverlap(x.e.Name, x.Name) >= 1)
            .OrderBy(x => x.e.SourceId, StringComparer.Ordinal).ThenBy(x => x.Name, StringComparer.Ordinal).ToList();
        foreach (var (e, alias) in aliasPairs.Where((_, i) => i % Math.Max(1, aliasPairs.Count / 80) == 0).Take(80))
        {
            Add(alias, e.Name, TypeName(e), "list-names", true, "UN/OFAC aliases");
        }
        var byToken = new Dictionary<string, List<ListEntry>>();
        foreach (var e in listed.Where(e => e.Type == EntityType.Person))
        {
            foreach (var t in NameText.Tokens(e.Name).Distinct())
            {
                (byToken.TryGetValue(t, out var l) ? l : byToken[t] = []).Add(e);
            }
        }
        var namesakes = new List<(ListEntry A, ListEntry B)>();
        foreach (var e in listed.Where(e => e.Type == EntityType.Person && NameText.Tokens(e.Name).Count >= 3).OrderBy(e => e.SourceId, StringComparer.Ordinal))
        {
            var other = NameText.Tokens(e.Name).Distinct().SelectMany(t => byToken[t]).Where(o => o != e && o.SourceId != e.SourceId)
                .Where(o => Overlap(e.Name, o.Name) >= 2 && Overlap(e.Name, o.Name) < NameText.Tokens(o.Name).Count
                    && !e.AllNames().Any(n => NameText.Tokens(n.Name).SequenceEqual(NameText.Tokens(o.Name))))
                .OrderBy(o => o.SourceId, StringComparer.Ordinal).FirstOrDefault();
            if (other is not null)
            {
                namesakes.Add((e, other));
            }
        }
        foreach (var (a, b) in namesakes.Where((_, i) => i % Math.Max(1, namesakes.Count / 80) == 0).Take(80))
        {
            Add(a.Name, b.Name, "person", "list-names", false, "UN/OFAC entries");
        }

        return pairs.DistinctBy(p => (p.Query.ToUpperInvariant(), p.Candidate.ToUpperInvariant(), p.Type)).ToList();
    }

    private static string TypeName(ListEntry e) => e.Type switch
    {
        EntityType.Person => "person",
        EntityType.Vessel => "vessel",
        _ => "organisation",
    };

    private static int Overlap(string a, string b) => NameText.Tokens(a).Intersect(NameText.Tokens(b)).Count();

    private static List<string> Words(string name) => NameText.Tokens(name).Where(t => NameText.KindOf(t) == TokenKind.Word).Distinct().ToList();

    private static int WordOverlap(string a, string b) => Words(a).Intersect(Words(b)).Count();

    /// <summary>One typing slip (a letter dropped, doubled or swapped) at or after <paramref name="from"/>.</summary>
    private static string Typo(string name, Random random, int from)
    {
        var chars = name.ToList();
        var letters = Enumerable.Range(Math.Min(from, chars.Count - 2), chars.Count - Math.Min(from, chars.Count - 2) - 1).Where(i => char.IsLetter(chars[i]) && char.IsLetter(chars[i + 1])).ToList();
        if (letters.Count == 0)
        {
            return name;
        }
        var at = letters[random.Next(letters.Count)];
        switch (random.Next(3))
        {
            case 0:
                chars.RemoveAt(at);
                break;
            case 1:
                chars.Insert(at, chars[at]);
                break;
            default:
                (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]);
                break;
        }
        return new string(chars.ToArray());
    }

    private static List<string[]> Rows(string folder, string file)
        => File.ReadLines(Path.Combine(folder, file)).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')).ToList();

    private static readonly string[] Romanisations = ["bgn", "german", "french", "iso"];

    // Romanisation tables for Russian Cyrillic: BGN/PCGN 1947, German (Duden), French, and ISO 9 (its diacritics dropped later by
    // the matcher like any others). Published standards; the letters below are those systems' tables.
    private static readonly Dictionary<string, Dictionary<char, string>> Tables = new()
    {
        ["bgn"] = Table("a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya"),
        ["german"] = Table("a b w g d e jo sch s i j k l m n o p r s t u f ch z tsch sch sch - y - e ju ja"),
        ["french"] = Table("a b v g d e io j z i i k l m n o p r s t ou f kh ts tch ch chtch - y - e iou ia"),
        ["iso"] = Table("a b v g d e ë ž z i j k l m n o p r s t u f h c č š ŝ - y - è û â"),
    };

    private static Dictionary<char, string> Table(string latin)
    {
        const string letters = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя";
        var parts = latin.Split(' ');
        var table = new Dictionary<char, string>();
        for (var i = 0; i < letters.Length; i++)
        {
            table[letters[i]] = parts[i] == "-" ? "" : parts[i];
        }
        return table;
    }

    public static string Romanise(string cyrillic, string system)
    {
        var table = Tables[system];
        var sb = new StringBuilder();
        var lower = cyrillic.ToLowerInvariant();
        for (var i = 0; i < lower.Length; i++)
        {
            var c = lower[i];
            var initialOrAfterVowel = i == 0 || "аеёиоуыэюяьъ".Contains(lower[i - 1]);
            // BGN writes е as "ye" at the start and after a vowel; German writes "-ow"/"-ew" at the end of a name.
            var piece = system == "bgn" && c == 'е' && initialOrAfterVowel ? "ye"
                : system == "german" && c == 'в' && i == lower.Length - 1 ? "w"
                : table.TryGetValue(c, out var p) ? p : c.ToString();
            sb.Append(piece);
        }
        var s = sb.ToString();
        return s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
    }

    public static void Write(string path, List<Pair> pairs)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.Write("query,candidate,type,kind,label,source\n");
        foreach (var p in pairs)
        {
            writer.Write($"{Csv(p.Query)},{Csv(p.Candidate)},{p.Type},{p.Kind},{(p.Match ? "match" : "non-match")},{Csv(p.Source)}\n");
        }
    }

    private static string Csv(string s) => s.Contains(',') || s.Contains('"') ? $"\"{s.Replace("\"", "\"\"")}\"" : s;
}
