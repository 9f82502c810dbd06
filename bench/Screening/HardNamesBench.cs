using System.Globalization;
using Cordon.Screening.Lists;
using Cordon.Screening.Matching;
using CsvHelper;
using CsvHelper.Configuration;

/// <summary>
/// Scores the hard-names development set with the product's matcher: each candidate is a listed entry
/// of its own beside the real OFAC and UN lists (so rarity weights are those of real lists), each query
/// is screened like a declaration party (name and type), and the pair's score is the candidate's score
/// among the hits (0 when it is not among them). Prints precision, recall and F1 at the review band,
/// by kind and by entity type, and the precision–recall curve.
/// </summary>
internal static class HardNamesBench
{
    public static void Run(string root, List<ListEntry> un, List<ListEntry> ofac, bool verbose)
    {
        var (path, pairs, candidates, index, scored) = Score(root, un, ofac);
        Report(root, path, pairs, candidates.Count, index, scored, verbose);
    }

    /// <summary>Every pair of the development set with the candidate's score.</summary>
    public static (string Path, List<HardNamesSet.Pair> Pairs, Dictionary<(string, string), IndexedEntity> Candidates, ScreeningIndex Index,
        List<(HardNamesSet.Pair Pair, double Score)> Scored) Score(string root, List<ListEntry> un, List<ListEntry> ofac)
    {
        var path = Path.Combine(HardNamesSet.Folder(root), "hard-names.csv");
        var pairs = Read(path);
        var candidates = new Dictionary<(string, string), IndexedEntity>();
        foreach (var p in pairs)
        {
            var key = (p.Candidate, p.Type);
            if (!candidates.ContainsKey(key))
            {
                var entry = new ListEntry { SourceId = $"DEV{candidates.Count}", Type = TypeOf(p.Type), Name = p.Candidate };
                candidates[key] = new IndexedEntity(Guid.NewGuid(), "DEV", 1, MatchBands.DefaultBlock, MatchBands.DefaultReview, entry);
            }
        }
        IndexedEntity Indexed(string list, ListEntry e) => new(Guid.NewGuid(), list, 1, MatchBands.DefaultBlock, MatchBands.DefaultReview, e);
        var index = ScreeningIndex.Build(ofac.Select(e => Indexed("OFAC SDN", e)).Concat(un.Select(e => Indexed("UN", e))).Concat(candidates.Values));
        var scored = new List<(HardNamesSet.Pair Pair, double Score)>(pairs.Count);
        foreach (var p in pairs)
        {
            var target = candidates[(p.Candidate, p.Type)].EntityId;
            var hits = index.Search(new ScreeningQuery(p.Query, Type: TypeOf(p.Type), Limit: 100));
            scored.Add((p, hits.FirstOrDefault(h => h.EntityId == target)?.Score ?? 0));
        }
        return (path, pairs, candidates, index, scored);
    }

    private static void Report(string root, string path, List<HardNamesSet.Pair> pairs, int candidateCount, ScreeningIndex index,
        List<(HardNamesSet.Pair Pair, double Score)> scored, bool verbose)
    {

        // Each pair is judged at the review threshold the product ships for its entity type.
        double review(HardNamesSet.Pair p) => MatchBands.ByEntityType[TypeOf(p.Type)].Review;
        var shipped = string.Join(", ", MatchBands.ByEntityType.Select(b => $"{b.Key.ToString().ToLowerInvariant()} {b.Value.Review:0.00}"));
        Console.WriteLine();
        Console.WriteLine($"Hard names: {pairs.Count} labelled pairs ({pairs.Count(p => p.Match)} matches, {pairs.Count(p => !p.Match)} non-matches) from {Path.GetRelativePath(root, path)}, scored against OFAC + UN + the {candidateCount} candidates ({index.NameCount} names)");
        Console.WriteLine($"  at the review band of each entity type ({shipped}):");
        Console.WriteLine($"  {"group",-28} {"pairs",6} {"match",6} {"TP",5} {"FP",5} {"FN",5} {"P",6} {"R",6} {"F1",6}");
        Line("all", scored, review);
        foreach (var g in scored.GroupBy(s => s.Pair.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Line($"kind {g.Key}", g.ToList(), review);
        }
        foreach (var g in scored.GroupBy(s => s.Pair.Type).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Line($"type {g.Key}", g.ToList(), review);
        }
        Console.WriteLine("  precision-recall curve (threshold: P, R, F1; false alerts among the non-matches):");
        for (var t = 0.55; t <= 0.991; t += 0.02)
        {
            var (tp, fp, fn) = Counts(scored, t);
            var (precision, recall, f1) = Rates(tp, fp, fn);
            Console.WriteLine($"    {t:0.00}: P {precision:0.000}  R {recall:0.000}  F1 {f1:0.000}  ({fp} of {scored.Count(s => !s.Pair.Match)} non-matches raised)");
        }
        if (verbose)
        {
            Console.WriteLine("  errors at the review band (kind, label, score: query ~ candidate):");
            foreach (var (p, s) in scored.Where(x => (x.Score >= review(x.Pair)) != x.Pair.Match).OrderBy(x => x.Pair.Kind, StringComparer.Ordinal))
            {
                Console.WriteLine($"    {p.Kind} {(p.Match ? "match" : "non-match")} {s:0.000}: {p.Query} ~ {p.Candidate}");
            }
        }
    }

    public static void Explain(List<ListEntry> un, List<ListEntry> ofac, string query, string listed, string type)
    {
        var entry = new ListEntry { SourceId = "EXPLAIN", Type = TypeOf(type), Name = listed };
        IndexedEntity Indexed(string list, ListEntry e) => new(Guid.NewGuid(), list, 1, MatchBands.DefaultBlock, MatchBands.DefaultReview, e);
        var index = ScreeningIndex.Build(ofac.Select(e => Indexed("OFAC SDN", e)).Concat(un.Select(e => Indexed("UN", e))).Append(Indexed("EXPLAIN", entry)));
        Console.WriteLine($"tokens: [{string.Join(", ", NameText.Tokens(query))}] ~ [{string.Join(", ", NameText.Tokens(listed))}]");
        var hit = index.Search(new ScreeningQuery(query, Type: TypeOf(type), Limit: 100)).FirstOrDefault(h => h.List == "EXPLAIN");
        Console.WriteLine(hit is null ? "not among the hits" : $"score {hit.Score:0.000} {hit.Band}");
        foreach (var f in hit?.Explanation ?? [])
        {
            Console.WriteLine($"  {f.Feature} {f.Effect:+0.000;-0.000;0}: {f.Detail}");
        }
    }

    private static void Line(string group, List<(HardNamesSet.Pair Pair, double Score)> scored, Func<HardNamesSet.Pair, double> threshold)
    {
        var (tp, fp, fn) = Counts(scored, threshold);
        var (precision, recall, f1) = Rates(tp, fp, fn);
        Console.WriteLine($"  {group,-28} {scored.Count,6} {scored.Count(s => s.Pair.Match),6} {tp,5} {fp,5} {fn,5} {precision,6:0.000} {recall,6:0.000} {f1,6:0.000}");
    }

    public static (int Tp, int Fp, int Fn) Counts(IEnumerable<(HardNamesSet.Pair Pair, double Score)> scored, double threshold)
        => Counts(scored, _ => threshold);

    public static (int Tp, int Fp, int Fn) Counts(IEnumerable<(HardNamesSet.Pair Pair, double Score)> scored, Func<HardNamesSet.Pair, double> threshold)
    {
        int tp = 0, fp = 0, fn = 0;
        foreach (var (p, s) in scored)
        {
            var raised = s >= threshold(p);
            tp += raised && p.Match ? 1 : 0;
            fp += raised && !p.Match ? 1 : 0;
            fn += !raised && p.Match ? 1 : 0;
        }
        return (tp, fp, fn);
    }

    public static (double P, double R, double F1) Rates((int Tp, int Fp, int Fn) counts) => Rates(counts.Tp, counts.Fp, counts.Fn);

    public static (double P, double R, double F1) Rates(int tp, int fp, int fn)
    {
        // No alert raised is precise by convention; no match to find is fully recalled.
        var precision = tp + fp == 0 ? 1.0 : (double)tp / (tp + fp);
        var recall = tp + fn == 0 ? 1.0 : (double)tp / (tp + fn);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return (precision, recall, f1);
    }

    public static EntityType TypeOf(string type) => type switch
    {
        "person" => EntityType.Person,
        "vessel" => EntityType.Vessel,
        "company" or "organisation" => EntityType.Organisation,
        _ => throw new InvalidDataException($"hard-names.csv: type '{type}' is not person, company, organisation or vessel"),
    };

    private static List<HardNamesSet.Pair> Read(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        var pairs = new List<HardNamesSet.Pair>();
        csv.Read();
        csv.ReadHeader();
        while (csv.Read())
        {
            var label = csv.GetField("label");
            if (label is not ("match" or "non-match"))
            {
                throw new InvalidDataException($"hard-names.csv line {csv.Parser.Row}: label '{label}' is not match or non-match");
            }
            pairs.Add(new HardNamesSet.Pair(csv.GetField("query")!, csv.GetField("candidate")!, csv.GetField("type")!, csv.GetField("kind")!, label == "match",
                csv.GetField("source")!));
        }
        return pairs;
    }
}
