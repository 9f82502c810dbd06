using System.Globalization;
using Cordon.Screening.Lists;

namespace Cordon.Screening.Matching;

/// <summary>
/// The in-memory matcher over every name of the lists in force. Candidates come from postings
/// (token → names), reached from each query token through its exact form, its phonetic key and its
/// one-edit neighbourhood in the vocabulary, weighted by rarity (IDF); only the best candidates are
/// scored in full. Immutable once built, so any number of threads search it at once.
/// </summary>
public sealed class ScreeningIndex
{
    private const double MinTokenSimilarity = 0.78;
    private const double InitialSimilarity = 0.65;
    private const int MaxQueryTokens = 12;
    private const int MaxExpansions = 24;
    private const int MaxPhoneticPeers = 400;
    private const int CandidatesScored = 48;
    /// <summary>Hits below this are not reported at all.</summary>
    public const double ReportFloor = 0.55;

    private readonly IndexedEntity[] _entities;
    private readonly EntityFacts[] _facts;

    // Names, flattened: name n has tokens _nameTokens[_nameStart[n] .. _nameStart[n + 1]).
    private readonly int[] _nameEntity;
    private readonly bool[] _nameWeak;
    private readonly string[] _nameText;
    private readonly int[] _nameStart;
    private readonly int[] _nameTokens;

    // Vocabulary.
    private readonly Dictionary<string, int> _vocabulary;
    private readonly string[] _tokenText;
    private readonly float[] _tokenWeight;
    private readonly TokenKind[] _tokenKind;
    private readonly string[] _tokenPhonetic;

    // Postings token → names, flattened the same way.
    private readonly int[] _postingStart;
    private readonly int[] _postings;

    private readonly Dictionary<string, int[]> _phonetic;
    private readonly Dictionary<string, int[]> _deletions;
    // Consonant skeletons of tokens written with vowels, for queries in vowel-less scripts.
    private readonly Dictionary<string, int[]> _skeletons;
    private readonly string[] _tokenSkeleton;
    // Romanisation keys (Cyrillic written by several systems), those specific enough (UsableRomanisation).
    private readonly Dictionary<string, int[]> _romanisations;

    public int EntityCount => _entities.Length;
    public int NameCount => _nameEntity.Length;
    public int TokenCount => _tokenText.Length;
    /// <summary>The lists and versions the index was built from.</summary>
    public IReadOnlyDictionary<string, int> ListVersions { get; }

    private sealed record EntityFacts(PartialDate[] BirthDates, HashSet<string> Countries, Dictionary<string, string> IdentifierKinds, bool IsOrganisationLike);

    private ScreeningIndex(IndexedEntity[] entities, EntityFacts[] facts, int[] nameEntity, bool[] nameWeak, string[] nameText, int[] nameStart, int[] nameTokens,
        Dictionary<string, int> vocabulary, string[] tokenText, float[] tokenWeight, TokenKind[] tokenKind, string[] tokenPhonetic,
        int[] postingStart, int[] postings, Dictionary<string, int[]> phonetic, Dictionary<string, int[]> deletions,
        Dictionary<string, int[]> skeletons, string[] tokenSkeleton, Dictionary<string, int[]> romanisations)
    {
        _romanisations = romanisations;
        _skeletons = skeletons;
        _tokenSkeleton = tokenSkeleton;
        _entities = entities;
        _facts = facts;
        _nameEntity = nameEntity;
        _nameWeak = nameWeak;
        _nameText = nameText;
        _nameStart = nameStart;
        _nameTokens = nameTokens;
        _vocabulary = vocabulary;
        _tokenText = tokenText;
        _tokenWeight = tokenWeight;
        _tokenKind = tokenKind;
        _tokenPhonetic = tokenPhonetic;
        _postingStart = postingStart;
        _postings = postings;
        _phonetic = phonetic;
        _deletions = deletions;
        ListVersions = entities.GroupBy(e => e.List).ToDictionary(g => g.Key, g => g.First().ListVersion);
    }

    public static ScreeningIndex Build(IEnumerable<IndexedEntity> source)
    {
        var entities = new List<IndexedEntity>();
        var facts = new List<EntityFacts>();
        var nameEntity = new List<int>();
        var nameWeak = new List<bool>();
        var nameText = new List<string>();
        var nameStart = new List<int> { 0 };
        var nameTokens = new List<int>();
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var tokenText = new List<string>();
        var df = new List<int>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unique = new HashSet<int>();

        foreach (var entity in source)
        {
            var e = entities.Count;
            entities.Add(entity);
            facts.Add(Facts(entity.Entry));
            seen.Clear();
            foreach (var alias in entity.Entry.AllNames())
            {
                var tokens = NameText.Tokens(alias.Name);
                if (tokens.Count == 0)
                {
                    continue;
                }
                var key = string.Join(' ', tokens);
                if (!seen.Add(key))
                {
                    continue;
                }
                unique.Clear();
                foreach (var t in tokens.Take(MaxQueryTokens * 2))
                {
                    if (!vocabulary.TryGetValue(t, out var id))
                    {
                        id = tokenText.Count;
                        vocabulary[t] = id;
                        tokenText.Add(t);
                        df.Add(0);
                    }
                    nameTokens.Add(id);
                    if (unique.Add(id))
                    {
                        df[id]++;
                    }
                }
                nameStart.Add(nameTokens.Count);
                nameEntity.Add(e);
                nameWeak.Add(alias.Strength == AliasStrength.Weak);
                nameText.Add(alias.Name);
            }
        }

        var names = nameEntity.Count;
        var tokenCount = tokenText.Count;
        var tokenWeight = new float[tokenCount];
        var tokenKind = new TokenKind[tokenCount];
        var tokenPhonetic = new string[tokenCount];
        var scale = Math.Log(1.0 + Math.Max(names, 1));
        for (var t = 0; t < tokenCount; t++)
        {
            tokenKind[t] = NameText.KindOf(tokenText[t]);
            tokenWeight[t] = (float)(Math.Log(1.0 + (double)names / df[t]) / scale * KindFactor(tokenKind[t]));
            tokenPhonetic[t] = NameText.PhoneticKey(tokenText[t]);
        }

        // Postings, flattened: count, prefix-sum, fill.
        var postingStart = new int[tokenCount + 1];
        foreach (var t in nameTokens)
        {
            postingStart[t + 1]++;
        }
        for (var t = 0; t < tokenCount; t++)
        {
            postingStart[t + 1] += postingStart[t];
        }
        var postings = new int[postingStart[tokenCount]];
        var fill = (int[])postingStart.Clone();
        var nameStartArray = nameStart.ToArray();
        for (var n = 0; n < names; n++)
        {
            for (var i = nameStartArray[n]; i < nameStartArray[n + 1]; i++)
            {
                var t = nameTokens[i];
                // A token twice in one name is posted once.
                if (fill[t] > postingStart[t] && postings[fill[t] - 1] == n)
                {
                    continue;
                }
                postings[fill[t]++] = n;
            }
        }

        var phonetic = Group(Enumerable.Range(0, tokenCount).Where(t => tokenPhonetic[t].Length > 0).Select(t => (tokenPhonetic[t], t)));
        // Searches look at the first few hundred tokens of a phonetic group: the most used spellings first.
        foreach (var group in phonetic.Values)
        {
            Array.Sort(group, (x, y) => df[y].CompareTo(df[x]));
        }
        var deletions = Group(Enumerable.Range(0, tokenCount).Where(t => tokenText[t].Length >= 4)
            .SelectMany(t => Deletions(tokenText[t]).Select(d => (d, t))));

        var tokenSkeleton = tokenText.Select(NameText.Skeleton).ToArray();
        var skeletons = Group(Enumerable.Range(0, tokenCount).Where(t => tokenSkeleton[t].Length >= 2 && !NameText.IsConsonantal(tokenText[t]))
            .Select(t => (tokenSkeleton[t], t)));

        var romanisations = Group(Enumerable.Range(0, tokenCount).Where(t => tokenKind[t] == TokenKind.Word)
            .Select(t => (NameText.RomanisationKey(tokenText[t]), t)).Where(x => UsableRomanisation(x.Item1, tokenText[x.t])));

        return new ScreeningIndex(entities.ToArray(), facts.ToArray(), nameEntity.ToArray(), nameWeak.ToArray(), nameText.ToArray(), nameStartArray,
            nameTokens.ToArray(), vocabulary, tokenText.ToArray(), tokenWeight, tokenKind, tokenPhonetic, postingStart, postings, phonetic, deletions,
            skeletons, tokenSkeleton, romanisations);
    }

    private static Dictionary<string, int[]> Group(IEnumerable<(string Key, int Token)> pairs)
    {
        var lists = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var (key, token) in pairs)
        {
            if (!lists.TryGetValue(key, out var list))
            {
                lists[key] = list = new List<int>(2);
            }
            if (list.Count == 0 || list[^1] != token)
            {
                list.Add(token);
            }
        }
        return lists.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
    }

    private static IEnumerable<string> Deletions(string token)
    {
        for (var i = 0; i < token.Length; i++)
        {
            if (i > 0 && token[i] == token[i - 1])
            {
                continue;
            }
            yield return string.Concat(token.AsSpan(0, i), token.AsSpan(i + 1));
        }
    }

    private static double KindFactor(TokenKind kind) => kind switch
    {
        TokenKind.LegalForm => 0.15,
        TokenKind.Honorific => 0.15,
        TokenKind.Particle => 0.25,
        _ => 1.0,
    };

    private static EntityFacts Facts(ListEntry entry)
    {
        var countries = new HashSet<string>(entry.Countries.Select(c => c.ToUpperInvariant()), StringComparer.Ordinal);
        var identifiers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in entry.Identifiers)
        {
            var value = id.Normalised;
            if (value.Length >= 4)
            {
                identifiers.TryAdd(value, id.Kind);
            }
        }
        var organisationLike = entry.Type != EntityType.Person;
        return new EntityFacts(entry.BirthDates.ToArray(), countries, identifiers, organisationLike);
    }

    // ---------------------------------------------------------------- search

    private sealed class Buffers
    {
        public float[] Accumulator = [];
        public int[] Stamp = [];
        public int Generation;
        public readonly List<int> Touched = new(1024);
    }

    [ThreadStatic]
    private static Buffers? _buffers;

    private sealed class QueryToken
    {
        public required string Text;
        public required TokenKind Kind;
        public required string Phonetic;
        public double Weight;
        public required Dictionary<int, double> Expansions;
        public required string[] Consonantal;
        /// <summary>From a Chinese or Korean syllable: close spellings are other syllables.</summary>
        public bool Syllabic;
        /// <summary>Tokens reached only by this token written together with the next: candidates, not scores.</summary>
        public readonly Dictionary<int, double> JoinedReach = [];
        /// <summary>Vocabulary tokens that are a nickname or the full form of this one (weak evidence).</summary>
        public readonly HashSet<int> Nicknames = [];
    }

    /// <summary>Screens one party: the best hits, best first, each with its explanation.</summary>
    private Dictionary<string, int[]>? _byIdentifier;

    /// <summary>
    /// Entries holding this identifier (kind and value compared normalised): how a vessel known only by
    /// its IMO number is screened. An exact identifier is conclusive, so such a hit scores 1.
    /// </summary>
    public IReadOnlyList<ScreeningHit> SearchIdentifier(ListIdentifier identifier, ListVisibility? visibility = null)
    {
        // Built on first use; a race builds the same map twice, harmlessly.
        var map = _byIdentifier ??= _entities
            .SelectMany((e, i) => e.Entry.Identifiers.Select(id => (Key: IdentifierKey(id), Entity: i)))
            .GroupBy(x => x.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Entity).Distinct().ToArray(), StringComparer.Ordinal);
        if (!map.TryGetValue(IdentifierKey(identifier), out var entities))
        {
            return [];
        }
        return entities.Select(i => _entities[i]).Where(e => visibility is null || visibility.CanSee(e)).Select(e => new ScreeningHit(
            e.EntityId, e.List, e.ListVersion, e.Entry.SourceId, e.Entry.Type, e.Entry.Name, $"{identifier.Kind.ToUpperInvariant()} {identifier.Value}", 1.0,
            MatchBands.For(e).Of(1.0),
            [new MatchFeature("identifier", 1.0, $"{identifier.Kind.ToUpperInvariant()} {identifier.Normalised} is an identifier of the listed entry"),
             new MatchFeature("band", 0, MatchBands.For(e).Describe(e.Entry.Type))])).ToList();
    }

    private static string IdentifierKey(ListIdentifier id) => $"{id.Kind.Trim().ToLowerInvariant()}:{id.Normalised}";

    public IReadOnlyList<ScreeningHit> Search(ScreeningQuery query)
    {
        var tokens = NameText.Tokens(query.Name);
        var syllabic = NameText.IsSyllabic(query.Name);
        if (tokens.Count == 0 || _nameEntity.Length == 0)
        {
            return [];
        }
        var indic = NameText.IsIndic(query.Name);
        var vowelless = NameText.IsVowelless(query.Name);
        var queryTokens = tokens.Take(MaxQueryTokens).Select(t => Prepare(t, indic, vowelless, syllabic)).ToList();
        for (var i = 0; i + 1 < queryTokens.Count; i++)
        {
            // Two vowel-less tokens may be one name written apart ("bd llh" for ABDULLAH): reach it from the first.
            if (queryTokens[i].Consonantal.Length > 0 && queryTokens[i + 1].Consonantal.Length > 0
                && _skeletons.TryGetValue(NameText.Skeleton(queryTokens[i].Text + queryTokens[i + 1].Text), out var joined))
            {
                foreach (var t in joined.Take(MaxPhoneticPeers))
                {
                    queryTokens[i].JoinedReach.TryAdd(t, 0.92);
                }
            }
            // Syllables written apart may be one listed token ("jian hua" for JIANHUA, "van der" for VANDER).
            if (_vocabulary.TryGetValue(queryTokens[i].Text + queryTokens[i + 1].Text, out var together))
            {
                queryTokens[i].JoinedReach.TryAdd(together, 1.0);
            }
        }
        var candidates = Candidates(queryTokens);

        // Score every candidate name in full; keep each entity's best name. Explanations are written
        // only for the hits returned, as formatting them costs more than the scoring.
        var best = new Dictionary<int, (double Score, int Name)>();
        foreach (var name in candidates)
        {
            var score = ScoreName(queryTokens, name, null);
            var entity = _nameEntity[name];
            if (!best.TryGetValue(entity, out var current) || score > current.Score)
            {
                best[entity] = (score, name);
            }
        }
        var ranked = new List<(int Entity, int Name, double Score)>(best.Count);
        foreach (var (entity, (nameScore, name)) in best)
        {
            if (query.Visibility is { } visibility && !visibility.CanSee(_entities[entity]))
            {
                continue;
            }
            var score = ApplyEvidence(query, entity, nameScore, null);
            if (score >= ReportFloor)
            {
                ranked.Add((entity, name, score));
            }
        }
        var limit = Math.Clamp(query.Limit, 1, 100);
        var hits = new List<ScreeningHit>(Math.Min(limit, ranked.Count));
        foreach (var (entity, name, _) in ranked.OrderByDescending(r => r.Score).ThenBy(r => _entities[r.Entity].Entry.Name, StringComparer.Ordinal).Take(limit))
        {
            var features = new List<MatchFeature>();
            var score = Math.Round(ApplyEvidence(query, entity, ScoreName(queryTokens, name, features), features), 4);
            // Forms rewritten before comparing (legal forms written out, numbers in words) are evidence too: say so.
            var asked = new List<string>();
            NameText.Tokens(query.Name, asked);
            var listed = new List<string>();
            NameText.Tokens(_nameText[name], listed);
            features.AddRange(asked.Select(n => new MatchFeature("normalised", 0, $"asked: {n}"))
                .Concat(listed.Select(n => new MatchFeature("normalised", 0, $"listed: {n}"))));
            if (_entities[entity].Entry.Type == EntityType.Vessel && features.Any(f => f.Feature == "token" && !f.Detail.Contains("(same", StringComparison.Ordinal)))
            {
                features.Add(new MatchFeature("vessel", 0, $"vessel names of up to {ShortVesselToken} letters count a different letter hard: one letter is often another ship"));
            }
            var indexed = _entities[entity];
            var bands = MatchBands.For(indexed);
            features.Add(new MatchFeature("band", 0, bands.Describe(indexed.Entry.Type)));
            hits.Add(new ScreeningHit(indexed.EntityId, indexed.List, indexed.ListVersion, indexed.Entry.SourceId, indexed.Entry.Type,
                indexed.Entry.Name, _nameText[name], score, bands.Of(score), features));
        }
        return hits;
    }

    private QueryToken Prepare(string text, bool indic, bool vowelless, bool syllabic)
    {
        var kind = NameText.KindOf(text);
        if (vowelless && kind is TokenKind.Honorific or TokenKind.LegalForm && NameText.IsConsonantal(text))
        {
            // "عمر" is "mr": OMAR, not a title.
            kind = TokenKind.Word;
        }
        // Legal forms, titles and particles are matched as written: their look-alikes are noise, not evidence.
        var expansions = kind == TokenKind.Word ? Expand(text)
            : _vocabulary.TryGetValue(text, out var same) ? new Dictionary<int, double> { [same] = 1.0 } : [];
        var consonantal = indic && kind == TokenKind.Word && NameText.Skeleton(text).Length >= 2 ? [NameText.Skeleton(text)] : ConsonantalForms(text);
        if (indic && kind == TokenKind.Word)
        {
            // The inherent vowels an Indic script leaves unwritten: reach the listed spellings by their consonants.
            foreach (var form in consonantal)
            {
                if (_skeletons.TryGetValue(form, out var voiced))
                {
                    for (var i = 0; i < voiced.Length && i < MaxPhoneticPeers; i++)
                    {
                        var sim = ConsonantSimilarity(consonantal, voiced[i]);
                        if (sim > expansions.GetValueOrDefault(voiced[i]))
                        {
                            expansions[voiced[i]] = sim;
                        }
                    }
                }
            }
        }
        if (syllabic)
        {
            // A Chinese or Korean syllable one letter off is another syllable (MIN is not MING, LI not LIU), another character.
            foreach (var (id, sim) in expansions.ToList())
            {
                if (sim < 1.0)
                {
                    expansions[id] = sim * SyllableLetterFactor;
                }
            }
        }
        var token = new QueryToken { Text = text, Kind = kind, Phonetic = NameText.PhoneticKey(text), Expansions = expansions, Consonantal = consonantal,
            Syllabic = syllabic };
        if (kind == TokenKind.Word)
        {
            foreach (var related in NameForms.NicknamesOf(text))
            {
                if (_vocabulary.TryGetValue(related, out var id) && expansions.GetValueOrDefault(id) < NicknameSimilarity)
                {
                    expansions[id] = NicknameSimilarity;
                    token.Nicknames.Add(id);
                }
            }
        }
        if (_vocabulary.TryGetValue(text, out var exact))
        {
            token.Weight = _tokenWeight[exact];
        }
        else
        {
            // A misspelt token is as rare as the token it stands for; an unknown one is as rare as can be.
            var (bestToken, bestSim) = token.Expansions.Count == 0 ? (-1, 0.0) : token.Expansions.MaxBy(kv => kv.Value) is var kv ? (kv.Key, kv.Value) : (-1, 0.0);
            token.Weight = bestToken >= 0 && bestSim >= 0.85 ? _tokenWeight[bestToken] : KindFactor(kind);
        }
        return token;
    }

    /// <summary>Vocabulary tokens close to a query token: same, same phonetic key, or one edit away.</summary>
    private Dictionary<int, double> Expand(string text)
    {
        var found = new HashSet<int>();
        if (_vocabulary.TryGetValue(text, out var exact))
        {
            found.Add(exact);
        }
        if (text.Length >= 3 && _phonetic.TryGetValue(NameText.PhoneticKey(text), out var peers))
        {
            for (var i = 0; i < peers.Length && i < MaxPhoneticPeers; i++)
            {
                found.Add(peers[i]);
            }
        }
        if (text.Length >= 3 && _deletions.TryGetValue(text, out var longer))
        {
            found.UnionWith(longer);
        }
        if (text.Length >= 4)
        {
            foreach (var d in Deletions(text))
            {
                if (_vocabulary.TryGetValue(d, out var shorter))
                {
                    found.Add(shorter);
                }
                if (_deletions.TryGetValue(d, out var same))
                {
                    found.UnionWith(same);
                }
            }
        }
        var consonantal = ConsonantalForms(text);
        foreach (var form in consonantal)
        {
            if (_skeletons.TryGetValue(form, out var voiced))
            {
                for (var i = 0; i < voiced.Length && i < MaxPhoneticPeers; i++)
                {
                    found.Add(voiced[i]);
                }
            }
        }
        var phonetic = NameText.PhoneticKey(text);
        var scored = new List<(int Token, double Sim)>(found.Count);
        foreach (var t in found)
        {
            var sim = Math.Max(TokenSimilarity(text, phonetic, _tokenText[t], _tokenPhonetic[t]), ConsonantSimilarity(consonantal, t));
            if (sim >= MinTokenSimilarity)
            {
                scored.Add((t, sim));
            }
        }
        // Another romanisation of the same Cyrillic name (SCHERBAKOW for SHCHERBAKOV): a candidate, scored below a spelt match.
        var romanisation = NameText.RomanisationKey(text);
        if (UsableRomanisation(romanisation, text) && _romanisations.TryGetValue(romanisation, out var romanised))
        {
            for (var i = 0; i < romanised.Length && i < MaxPhoneticPeers; i++)
            {
                var t = romanised[i];
                if (!found.Contains(t) || scored.All(x => x.Token != t))
                {
                    scored.Add((t, RomanisationSimilarity));
                }
            }
        }
        // A vowel-less token stands for every vocalisation of its consonants, so it keeps more of them.
        return scored.OrderByDescending(s => s.Sim).Take(consonantal.Length > 0 ? MaxExpansions * 4 : MaxExpansions).ToDictionary(s => s.Token, s => s.Sim);
    }

    /// <summary>The consonant forms of a vowel-less query token: itself, and without an attached Arabic article ("lhsny").</summary>
    private static string[] ConsonantalForms(string text)
    {
        if (!NameText.IsConsonantal(text))
        {
            return [];
        }
        var skeleton = NameText.Skeleton(text);
        return skeleton.Length >= 4 && skeleton[0] == 'l' ? [skeleton, skeleton[1..]] : [skeleton];
    }

    /// <summary>A vowel-less query token against a listed token's consonants: never quite as sure as a spelt match.</summary>
    private double ConsonantSimilarity(string[] forms, int token)
    {
        var best = 0.0;
        foreach (var form in forms)
        {
            var skeleton = _tokenSkeleton[token];
            if (skeleton.Length >= 2 && Math.Min(form.Length, skeleton.Length) >= 0.6 * Math.Max(form.Length, skeleton.Length))
            {
                best = Math.Max(best, 0.92 * Similarity.JaroWinkler(form, skeleton));
            }
        }
        return best >= MinTokenSimilarity ? best : 0.0;
    }

    /// <summary>
    /// Token similarity: 1 when equal; else the mean of Jaro-Winkler (kind to shared prefixes) and the
    /// edit similarity 1 − distance/length (strict on short tokens), raised to 0.9 when the phonetic
    /// keys agree; tokens of very different lengths are different names.
    /// </summary>
    internal static double TokenSimilarity(string a, string aPhonetic, string b, string bPhonetic)
    {
        if (a == b)
        {
            return 1.0;
        }
        if (char.IsAsciiDigit(a[0]) || char.IsAsciiDigit(b[0]))
        {
            // Numbers are equal or different: DIVISION 7 is not DIVISION 1, OCEAN PRIDE 12 not OCEAN PRIDE 2.
            return 0.0;
        }
        if (a.Length == 1 || b.Length == 1)
        {
            return (a.Length == 1 && b[0] == a[0]) || (b.Length == 1 && a[0] == b[0]) ? InitialSimilarity : 0.0;
        }
        if ((a[0] == 'j' && b[0] == 'y') || (a[0] == 'y' && b[0] == 'j'))
        {
            // German, Dutch and Scandinavian romanisations write J for the Y of English ones (JURIJ, YURIY).
            var ya = "y" + a[1..];
            var yb = "y" + b[1..];
            return ya == yb ? 0.95 : TokenSimilarity(ya, NameText.PhoneticKey(ya), yb, NameText.PhoneticKey(yb));
        }
        var longer = Math.Max(a.Length, b.Length);
        if (Math.Min(a.Length, b.Length) < 0.6 * longer)
        {
            return 0.0;
        }
        var jw = Similarity.JaroWinkler(a, b);
        // Same sound from the first letter on: "KADHAFI" and "GADDAFI" both start with a k-sound; a
        // vowel-initial key says nothing about the first letter, so that needs the same letter.
        var sameStart = a[0] == b[0] || (aPhonetic.Length > 0 && aPhonetic[0] != 'A' && bPhonetic.Length > 0 && aPhonetic[0] == bPhonetic[0]);
        // A two-letter key ("AN" for HANA and HEINO) is too common to vouch for anything.
        var soundsAlike = sameStart && aPhonetic.Length > 0 && aPhonetic == bPhonetic && jw >= 0.65 && (aPhonetic.Length >= 3 || jw >= 0.85);
        if (jw < 0.7 && !soundsAlike)
        {
            return 0.0;
        }
        var edit = 1.0 - (double)Similarity.Damerau(a, b) / longer;
        var sim = (jw + edit) / 2;
        if (soundsAlike)
        {
            sim = Math.Max(sim, jw >= 0.8 ? 0.9 : 0.85);
        }
        return sim >= MinTokenSimilarity ? sim : 0.0;
    }

    /// <summary>Names sharing enough weighted tokens with the query, best first, at most <see cref="CandidatesScored"/>.</summary>
    private List<int> Candidates(List<QueryToken> query)
    {
        var b = _buffers ??= new Buffers();
        if (b.Accumulator.Length < _nameEntity.Length)
        {
            b.Accumulator = new float[_nameEntity.Length];
            b.Stamp = new int[_nameEntity.Length];
            b.Generation = 0;
        }
        var acc = b.Accumulator;
        var stamp = b.Stamp;
        var touched = b.Touched;
        touched.Clear();
        var total = 0.0;
        foreach (var q in query)
        {
            total += q.Weight;
        }
        foreach (var q in query)
        {
            // Each query token adds to a name at most once, with its best expansion found there.
            if (++b.Generation == int.MaxValue)
            {
                Array.Clear(stamp);
                b.Generation = 1;
            }
            var generation = b.Generation;
            foreach (var (token, sim) in q.Expansions.Concat(q.JoinedReach).OrderByDescending(e => e.Value))
            {
                var add = (float)(q.Weight * sim);
                for (var p = _postingStart[token]; p < _postingStart[token + 1]; p++)
                {
                    var n = _postings[p];
                    if (stamp[n] == generation)
                    {
                        continue;
                    }
                    stamp[n] = generation;
                    if (acc[n] == 0)
                    {
                        touched.Add(n);
                    }
                    acc[n] += add;
                }
            }
        }
        // A name must carry at least a third of the query's weight to be worth scoring.
        var floor = (float)(total / 3.0);
        var result = new List<(int Name, float Score)>();
        foreach (var n in touched)
        {
            if (acc[n] >= floor)
            {
                // Of names reached equally, the shorter ones first: fewer tokens left unmatched.
                result.Add((n, acc[n] - CandidateLengthTieBreak * (_nameStart[n + 1] - _nameStart[n])));
            }
            acc[n] = 0;
        }
        if (result.Count > CandidatesScored)
        {
            result.Sort((x, y) => y.Score.CompareTo(x.Score));
            result.RemoveRange(CandidatesScored, result.Count - CandidatesScored);
        }
        return result.Select(r => r.Name).ToList();
    }

    /// <summary>
    /// Aligns query tokens with the name's tokens (any order, one to one, best pairs first; a token
    /// may also match two adjacent tokens written together) and scores the weighted share of both
    /// names covered: Σ sim·(w_query + w_listed) / (Σ w_query + Σ w_listed).
    /// </summary>
    private double ScoreName(List<QueryToken> query, int name, List<MatchFeature>? features)
    {
        var start = _nameStart[name];
        var count = Math.Min(_nameStart[name + 1] - start, MaxQueryTokens * 2);
        var qn = query.Count;
        var vessel = _entities[_nameEntity[name]].Entry.Type == EntityType.Vessel;
        Span<double> sims = stackalloc double[qn * count];
        for (var i = 0; i < qn; i++)
        {
            for (var j = 0; j < count; j++)
            {
                var t = _nameTokens[start + j];
                var s = sims[i * count + j] = query[i].Expansions.TryGetValue(t, out var e) ? e
                    : query[i].Consonantal.Length > 0
                        ? Math.Max(TokenSimilarity(query[i].Text, query[i].Phonetic, _tokenText[t], _tokenPhonetic[t]), ConsonantSimilarity(query[i].Consonantal, t))
                        : TokenSimilarity(query[i].Text, query[i].Phonetic, _tokenText[t], _tokenPhonetic[t]);
                if (vessel && s < 1.0 && _tokenText[t].Length <= ShortVesselToken && _tokenKind[t] == TokenKind.Word)
                {
                    sims[i * count + j] = s * VesselLetterFactor;
                }
                else if (query[i].Syllabic && s < 1.0 && !query[i].Expansions.ContainsKey(t))
                {
                    sims[i * count + j] = s * SyllableLetterFactor;
                }
            }
        }
        Span<int> queryMatch = stackalloc int[qn];
        Span<int> nameMatch = stackalloc int[count];
        queryMatch.Fill(-1);
        nameMatch.Fill(-1);
        var pairs = new List<(int Q, int N, int N2, int Q2, double Sim)>();
        while (true)
        {
            int bi = -1, bj = -1;
            var bs = 0.0;
            for (var i = 0; i < qn; i++)
            {
                if (queryMatch[i] >= 0)
                {
                    continue;
                }
                for (var j = 0; j < count; j++)
                {
                    // Ties go to the pair in the same position, so "A B" against "A B A" reads naturally.
                    var s = sims[i * count + j];
                    if (nameMatch[j] < 0 && (s > bs || (s == bs && s > 0 && bi >= 0 && Math.Abs(i - j) < Math.Abs(bi - bj))))
                    {
                        bs = s;
                        bi = i;
                        bj = j;
                    }
                }
            }
            if (bi < 0)
            {
                break;
            }
            queryMatch[bi] = bj;
            nameMatch[bj] = bi;
            pairs.Add((bi, bj, -1, -1, bs));
        }

        // Written together or apart: "ALDARI" against "AL DARI", "ABDUL RAHMAN" against "ABDULRAHMAN".
        for (var i = 0; i < qn; i++)
        {
            if (queryMatch[i] >= 0)
            {
                continue;
            }
            for (var j = 0; j + 1 < count; j++)
            {
                if (nameMatch[j] >= 0 || nameMatch[j + 1] >= 0)
                {
                    continue;
                }
                var joined = _tokenText[_nameTokens[start + j]] + _tokenText[_nameTokens[start + j + 1]];
                var s = Similarity.JaroWinkler(query[i].Text, joined);
                if (s >= 0.9)
                {
                    queryMatch[i] = j;
                    nameMatch[j] = i;
                    nameMatch[j + 1] = i;
                    pairs.Add((i, j, j + 1, -1, s));
                    break;
                }
            }
        }
        for (var j = 0; j < count; j++)
        {
            if (nameMatch[j] >= 0)
            {
                continue;
            }
            for (var i = 0; i + 1 < qn; i++)
            {
                if (queryMatch[i] >= 0 || queryMatch[i + 1] >= 0)
                {
                    continue;
                }
                var s = Similarity.JaroWinkler(query[i].Text + query[i + 1].Text, _tokenText[_nameTokens[start + j]]);
                if (query[i].Consonantal.Length > 0 && query[i + 1].Consonantal.Length > 0)
                {
                    // "عبد الله" is "bd llh": together "bdllh", the consonants of ABDULLAH.
                    s = Math.Max(s, 0.92 * Similarity.JaroWinkler(NameText.Skeleton(query[i].Text + query[i + 1].Text), _tokenSkeleton[_nameTokens[start + j]]));
                }
                if (s >= 0.9)
                {
                    queryMatch[i] = j;
                    queryMatch[i + 1] = j;
                    nameMatch[j] = i;
                    pairs.Add((i, j, -1, i + 1, s));
                    break;
                }
            }
        }

        var total = 0.0;
        for (var i = 0; i < qn; i++)
        {
            total += query[i].Weight;
        }
        // Lists write full names (patronymics, middle names, "ABU MINYAR"); a party is often named shorter.
        // When at least two real words of the query matched, the listed words it leaves out count half.
        // (Words of one or two syllables, as in "YU HAN", are too common for that.)
        int matchedWords = 0, matchedLetters = 0;
        for (var i = 0; i < qn; i++)
        {
            if (queryMatch[i] >= 0 && query[i].Kind == TokenKind.Word && query[i].Text.Length >= 3)
            {
                matchedWords++;
                matchedLetters += query[i].Text.Length;
            }
        }
        var leftOutFactor = matchedWords >= 2 && matchedLetters >= 8 ? ListedLeftOutFactor : 1.0;
        for (var j = 0; j < count; j++)
        {
            total += _tokenWeight[_nameTokens[start + j]] * (nameMatch[j] >= 0 ? 1.0 : leftOutFactor);
        }
        if (total <= 0)
        {
            return 0;
        }

        var matched = 0.0;
        foreach (var (i, j, j2, i2, sim) in pairs)
        {
            var weight = query[i].Weight + _tokenWeight[_nameTokens[start + j]]
                         + (j2 >= 0 ? _tokenWeight[_nameTokens[start + j2]] : 0) + (i2 >= 0 ? query[i2].Weight : 0);
            var effect = sim * weight / total;
            matched += sim * weight;
            if (features is null)
            {
                continue;
            }
            var listed = _tokenText[_nameTokens[start + j]] + (j2 >= 0 ? " " + _tokenText[_nameTokens[start + j2]] : "");
            var asked = query[i].Text + (i2 >= 0 ? " " + query[i2].Text : "");
            var how = sim >= 1.0 ? "same" : j2 >= 0 || i2 >= 0 ? $"written together, {sim:0.00}" : Describe(query[i], _nameTokens[start + j], sim);
            features.Add(new MatchFeature("token", Math.Round(effect, 4), $"{asked} = {listed} ({how}; weight {weight / 2:0.00}{KindNote(query[i].Kind)})"));
        }
        var score = matched / total;
        score = WeighDistinctions(query, start, count, queryMatch, pairs, score, features);
        var weak = _nameWeak[name];
        if (features is null)
        {
            return weak ? score * WeakAliasFactor : score;
        }
        for (var i = 0; i < qn; i++)
        {
            if (queryMatch[i] < 0)
            {
                features.Add(new MatchFeature("unmatched", -Math.Round(query[i].Weight / total, 4),
                    $"{query[i].Text}: not in the listed name (weight {query[i].Weight:0.00}{KindNote(query[i].Kind)})"));
            }
        }
        for (var j = 0; j < count; j++)
        {
            if (nameMatch[j] < 0)
            {
                var t = _nameTokens[start + j];
                features.Add(new MatchFeature("unmatched", -Math.Round(_tokenWeight[t] * leftOutFactor / total, 4),
                    $"{_tokenText[t]}: listed but not asked (weight {_tokenWeight[t] * leftOutFactor:0.00}{KindNote(_tokenKind[t])}{(leftOutFactor < 1 ? ", halved: the rest of the name agrees" : "")})"));
            }
        }
        if (weak)
        {
            // A weak alias (nickname, short form) alone never blocks.
            var before = score;
            score *= WeakAliasFactor;
            features.Add(new MatchFeature("weak-alias", Math.Round(score - before, 4), $"'{_nameText[name]}' is a weak alias on the list"));
        }
        features.Insert(0, new MatchFeature("name", Math.Round(score, 4),
            $"'{string.Join(' ', query.Select(q => q.Text))}' against {(weak ? "weak alias" : name == FirstName(_nameEntity[name]) ? "primary name" : "alias")} '{_nameText[name]}'"));
        return score;
    }

    /// <summary>
    /// What tells two names apart even when their tokens agree: the same names in another patronymic order
    /// (YUSUF BIN SALIM is not SALIM BIN YUSUF), different legal forms (a GmbH is not an AG of the same name),
    /// and a nickname standing for a full name, which is weak evidence and never blocks on its own.
    /// </summary>
    private double WeighDistinctions(List<QueryToken> query, int start, int count, Span<int> queryMatch,
        List<(int Q, int N, int N2, int Q2, double Sim)> pairs, double score, List<MatchFeature>? features)
    {
        string Listed(int j) => _tokenText[_nameTokens[start + j]];
        var before = score;

        // Patronymic order: the query's child is the listed name's father and the other way round.
        var reversed = false;
        for (var m = 0; m < query.Count && !reversed; m++)
        {
            if (NameText.PatronymicOffsets(query[m].Text) is not { } q)
            {
                continue;
            }
            int child = m + q.Child, father = m + q.Father;
            if (child < 0 || father >= query.Count || queryMatch[child] < 0 || queryMatch[father] < 0)
            {
                continue;
            }
            int listedChild = queryMatch[child], listedFather = queryMatch[father];
            for (var p = 0; p < count && !reversed; p++)
            {
                // Sides of the listed marker: before BIN is the child, after it the father; before OGLU, the father is next to it.
                if (NameText.PatronymicOffsets(Listed(p)) is { } n && listedFather <= p + n.Child && listedChild >= p + n.Father
                    && (n.Father > 0 || listedChild < p))
                {
                    score *= 1 - PatronymicOrderPenalty;
                    features?.Add(new MatchFeature("patronymic", Math.Round(score - before, 4),
                        $"{query[child].Text} {query[m].Text} {query[father].Text} asked, the listed name says {Listed(listedFather)} {Listed(p)} {Listed(listedChild)}: parent and child the other way round"));
                    before = score;
                    reversed = true;
                }
            }
        }

        // Legal forms: different specific forms are evidence of a different company; the same form, however written, is not.
        string? askedForm = null, listedForm = null, sharedForm = null;
        for (var i = 0; i < query.Count; i++)
        {
            if (NameForms.IsSpecificLegalForm(query[i].Text))
            {
                askedForm ??= query[i].Text;
                for (var j = 0; j < count; j++)
                {
                    if (Listed(j) == query[i].Text)
                    {
                        sharedForm = query[i].Text;
                    }
                }
            }
        }
        for (var j = 0; j < count && askedForm is not null; j++)
        {
            if (NameForms.IsSpecificLegalForm(Listed(j)))
            {
                listedForm ??= Listed(j);
            }
        }
        if (askedForm is not null && listedForm is not null)
        {
            if (sharedForm is null)
            {
                score *= 1 - LegalFormPenalty;
                features?.Add(new MatchFeature("legal-form", Math.Round(score - before, 4),
                    $"legal form {askedForm.ToUpperInvariant()} asked, {listedForm.ToUpperInvariant()} listed: a different form may be a different company"));
                before = score;
            }
            else
            {
                features?.Add(new MatchFeature("legal-form", 0, $"same legal form {sharedForm.ToUpperInvariant()} on both names"));
            }
        }

        // Nicknames: a match that needs one stays below the block band.
        foreach (var (i, j, j2, i2, sim) in pairs)
        {
            if (j2 < 0 && i2 < 0 && sim <= NicknameSimilarity && query[i].Nicknames.Contains(_nameTokens[start + j]))
            {
                score = Math.Min(score, NicknameCap);
                features?.Add(new MatchFeature("nickname", Math.Round(score - before, 4),
                    $"{query[i].Text} and {Listed(j)} are a nickname and its full name: weak evidence, never a block on its own"));
                break;
            }
        }
        return score;
    }

    private const double PatronymicOrderPenalty = 0.4;
    private const float CandidateLengthTieBreak = 0.001f;
    private const double RomanisationSimilarity = 0.86;
    private const int MinRomanisationKey = 4;
    private const double LegalFormPenalty = 0.25;
    private const double NicknameSimilarity = 0.85;
    private const double NicknameCap = 0.9;
    private const int ShortVesselToken = 6;
    private const double VesselLetterFactor = 0.75;
    private const double SyllableLetterFactor = 0.5;

    /// <summary>A key of four letters, or of three for a token of six letters or more (EVGENIY, TATJANA), is specific enough.</summary>
    private static bool UsableRomanisation(string key, string token) => key.Length >= MinRomanisationKey || (key.Length == 3 && token.Length >= 6);
    private const double WeakAliasFactor = 0.88;
    private const double ListedLeftOutFactor = 0.5;

    private int FirstName(int entity)
    {
        // Names of an entity are consecutive, primary first.
        var lo = 0;
        var hi = _nameEntity.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_nameEntity[mid] < entity)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    private string Describe(QueryToken q, int token, double sim)
    {
        if (q.Nicknames.Contains(token) && sim <= NicknameSimilarity)
        {
            return $"nickname or short form, {sim:0.00}: weak evidence";
        }
        if (q.Consonantal.Length > 0 && ConsonantSimilarity(q.Consonantal, token) >= sim)
        {
            return $"written without vowels: consonants {q.Consonantal[^1]} ~ {_tokenSkeleton[token]}, {sim:0.00}";
        }
        var key = NameText.RomanisationKey(q.Text);
        var romanised = UsableRomanisation(key, q.Text) && key == NameText.RomanisationKey(_tokenText[token]);
        if (romanised && sim == RomanisationSimilarity)
        {
            return $"another romanisation of the same letters, key {key}, {sim:0.00}";
        }
        var phonetic = q.Phonetic.Length > 0 && q.Phonetic == _tokenPhonetic[token] ? $", sounds alike {q.Phonetic}" : "";
        return sim == InitialSimilarity ? "initial" : $"Jaro-Winkler {sim:0.00}{phonetic}{(romanised ? $", another romanisation of the same letters (key {key})" : "")}";
    }

    private static string KindNote(TokenKind kind) => kind switch
    {
        TokenKind.LegalForm => ", legal form: weak evidence",
        TokenKind.Honorific => ", title: weak evidence",
        TokenKind.Particle => ", name particle: weak evidence",
        _ => "",
    };

    // ---------------------------------------------------------------- evidence

    /// <summary>
    /// Raises or lowers the name score with what else is known. A bonus closes part of the gap to 1,
    /// a penalty takes a share off, so evidence never outweighs a clearly different name.
    /// </summary>
    private double ApplyEvidence(ScreeningQuery query, int entity, double score, List<MatchFeature>? features)
    {
        var facts = _facts[entity];
        var entry = _entities[entity].Entry;
        void Bonus(string feature, double share, string detail)
        {
            var before = score;
            score += (1 - score) * share;
            features?.Add(new MatchFeature(feature, Math.Round(score - before, 4), detail));
        }
        void Penalty(string feature, double share, string detail)
        {
            var before = score;
            score *= 1 - share;
            features?.Add(new MatchFeature(feature, Math.Round(score - before, 4), detail));
        }

        // Identifiers: one shared passport, IMO or tax number is near proof; a different one of the same kind is strong counter-evidence.
        if (query.Identifiers is { Count: > 0 } ids && facts.IdentifierKinds.Count > 0)
        {
            var shared = ids.FirstOrDefault(i => facts.IdentifierKinds.ContainsKey(i.Normalised));
            if (shared is not null)
            {
                Bonus("identifier", 0.8, $"{shared.Kind} {shared.Value} is on the list entry");
            }
            else if (ids.FirstOrDefault(i => facts.IdentifierKinds.ContainsValue(i.Kind)) is { } differs)
            {
                Penalty("identifier", 0.25, $"{differs.Kind} {differs.Value} differs from the listed {differs.Kind}");
            }
        }

        // A date of birth says the party is a person.
        var askedType = query.Type ?? (query.BirthDate is not null ? EntityType.Person : null);
        if (askedType is { } type && type != entry.Type)
        {
            Penalty("type", 0.2, $"asked for a {type.ToString().ToLowerInvariant()}, the entry is a {entry.Type.ToString().ToLowerInvariant()}");
        }

        if (query.BirthDate is { } dob && entry.Type == EntityType.Person && facts.BirthDates.Length > 0)
        {
            var (relation, listed) = CompareBirthDates(dob, facts.BirthDates);
            switch (relation)
            {
                case BirthDateRelation.Same:
                    Bonus("dob", 0.35, $"date of birth {dob} is listed ({listed})");
                    break;
                case BirthDateRelation.SameYear:
                    Bonus("dob", 0.15, $"year of birth {dob.Year} agrees with the listed {listed}");
                    break;
                case BirthDateRelation.Close:
                    features?.Add(new MatchFeature("dob", 0, $"date of birth {dob} is within a year of the listed {listed}"));
                    break;
                default:
                    Penalty("dob", 0.12, $"date of birth {dob} differs from the listed {string.Join(", ", facts.BirthDates)}");
                    break;
            }
        }

        if (query.Country is { Length: > 0 } country && facts.Countries.Count > 0)
        {
            var code = (CountryNames.ToCode(country) ?? country).ToUpperInvariant();
            if (facts.Countries.Contains(code))
            {
                Bonus("country", 0.1, $"country {code} is among the entry's countries");
            }
            else
            {
                Penalty("country", 0.05, $"country {code} is not among the entry's countries ({string.Join(", ", facts.Countries)})");
            }
        }
        return Math.Clamp(score, 0, 1);
    }

    private enum BirthDateRelation
    {
        Different,
        Close,
        SameYear,
        Same,
    }

    private static (BirthDateRelation, PartialDate) CompareBirthDates(PartialDate asked, PartialDate[] listed)
    {
        var best = (BirthDateRelation.Different, listed[0]);
        foreach (var d in listed)
        {
            BirthDateRelation relation;
            var from = d.Year;
            var to = d.ToYear ?? d.Year;
            var askedTo = asked.ToYear ?? asked.Year;
            if (asked.IsFull && d.IsFull)
            {
                relation = asked == d ? BirthDateRelation.Same
                    : asked.Year == d.Year || (asked.Month == d.Day && asked.Day == d.Month) ? BirthDateRelation.SameYear
                    : Math.Abs(asked.Year - d.Year) <= 1 ? BirthDateRelation.Close : BirthDateRelation.Different;
            }
            else if (asked.Year <= to && askedTo >= from)
            {
                // Overlapping years where one side gives only the year (or a range).
                relation = asked.Month is { } m && d.Month is { } dm && m != dm ? BirthDateRelation.Close : BirthDateRelation.SameYear;
            }
            else
            {
                relation = asked.Year - to <= 1 && from - askedTo <= 1 ? BirthDateRelation.Close : BirthDateRelation.Different;
            }
            if (relation > best.Item1)
            {
                best = (relation, d);
            }
        }
        return best;
    }

    /// <summary>Parses "yyyy", "yyyy-MM" or "yyyy-MM-dd" (also "yyyy-M-d"), null when it is none.</summary>
    public static PartialDate? ParseBirthDate(string? text)
    {
        var s = (text ?? "").Trim();
        if (s.Length == 0)
        {
            return null;
        }
        if (PartialDate.TryParse(s, out var d))
        {
            return d;
        }
        return DateOnly.TryParseExact(s, ["yyyy-M-d", "d/M/yyyy", "d.M.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? new PartialDate(date.Year, date.Month, date.Day)
            : null;
    }

    /// <summary>Brute force for comparison in the benchmark: Jaro-Winkler of the query against every name.</summary>
    public (int Name, double Score) BruteForceJaroWinkler(string query)
    {
        var q = string.Join(' ', NameText.Tokens(query));
        var best = (-1, 0.0);
        for (var n = 0; n < _nameText.Length; n++)
        {
            var text = _nameNormalised?[n] ?? "";
            var s = Similarity.JaroWinkler(q, text);
            if (s > best.Item2)
            {
                best = (n, s);
            }
        }
        return best;
    }

    private string[]? _nameNormalised;

    /// <summary>Prepares the normalised name strings the brute-force scan compares against.</summary>
    public void PrepareBruteForce()
        => _nameNormalised ??= Enumerable.Range(0, _nameText.Length)
            .Select(n => string.Join(' ', Enumerable.Range(_nameStart[n], _nameStart[n + 1] - _nameStart[n]).Select(i => _tokenText[_nameTokens[i]])))
            .ToArray();
}
