using Cordon.Screening.Lists;
using Cordon.Screening.Matching;

namespace Cordon.Tests.Screening;

/// <summary>The failure modes analysts report of today's screening tools, and the matcher's basics.</summary>
public sealed class MatcherTests
{
    private static IndexedEntity Listed(string id, string name, EntityType type = EntityType.Person, string? dob = null, string? country = null,
        string[]? aliases = null, ListIdentifier[]? identifiers = null, string list = "TEST")
    {
        var entry = new ListEntry { SourceId = id, Type = type, Name = name };
        if (dob is not null)
        {
            entry.BirthDates.Add(ScreeningIndex.ParseBirthDate(dob)!.Value);
        }
        if (country is not null)
        {
            entry.Countries.Add(country);
        }
        entry.Aliases.AddRange((aliases ?? []).Select(a => new ListAlias(a, AliasStrength.Strong)));
        entry.Identifiers.AddRange(identifiers ?? []);
        return new IndexedEntity(Guid.NewGuid(), list, 1, MatchBands.DefaultBlock, MatchBands.DefaultReview, entry);
    }

    /// <summary>A realistic background: the real UN list plus the test entries, so rarity weights are those of a real list.</summary>
    private static readonly Lazy<List<IndexedEntity>> Un = new(() =>
        UnXmlParser.Read(ListFiles.Un).Select(e => new IndexedEntity(Guid.NewGuid(), "UN", 1, MatchBands.DefaultBlock, MatchBands.DefaultReview, e)).ToList());

    private static ScreeningIndex Index(params IndexedEntity[] extra) => ScreeningIndex.Build(Un.Value.Concat(extra));

    private static ScreeningQuery Q(string name, string? dob = null, string? country = null, EntityType? type = null, ListIdentifier[]? ids = null)
        => new(name, dob is null ? null : ScreeningIndex.ParseBirthDate(dob), country, type, ids);

    [Fact]
    public void Short_true_names_score_in_the_block_band()
    {
        var index = Index(Listed("T1", "WANG WEI", country: "CN"), Listed("T2", "WANG WEIDONG"), Listed("T3", "LI WEI WANG HOLDINGS", EntityType.Organisation));

        var hits = index.Search(Q("Wang Wei"));
        Assert.Equal("T1", hits[0].SourceId);
        Assert.Equal(MatchBand.Block, hits[0].Band);
        Assert.Equal(1.0, hits[0].Score);

        // A real three-token UN name of short tokens.
        var ko = index.Search(Q("Ko Tae Hun", "1972-05-25", "KP"));
        Assert.Equal("KPi.025", ko[0].SourceId);
        Assert.Equal(MatchBand.Block, ko[0].Band);
    }

    [Fact]
    public void Common_words_do_not_make_unrelated_companies_match()
    {
        var index = Index(Listed("E1", "EMMA LLC", EntityType.Organisation), Listed("E2", "GLOBAL TRADING CORP", EntityType.Organisation),
            Listed("E3", "AL-NOOR GENERAL TRADING COMPANY LIMITED", EntityType.Organisation));

        Assert.DoesNotContain(index.Search(Q("emma daniels")), h => h.Band != MatchBand.None);
        Assert.DoesNotContain(index.Search(Q("Emma Daniels", "1988-02-03")), h => h.Band != MatchBand.None);
        Assert.DoesNotContain(index.Search(Q("Pacific Trading Corp")), h => h.Band != MatchBand.None);
        Assert.DoesNotContain(index.Search(Q("Mohammed General Trading Company")), h => h.Band != MatchBand.None);

        // Another legal form may be another company (issue 24: Bayer AG is not Bayer Ltd): it counts against, and says so.
        var other = index.Search(Q("Emma Ltd"));
        Assert.Equal("E1", other[0].SourceId);
        Assert.Equal(MatchBand.None, other[0].Band);
        Assert.Contains(other[0].Explanation, f => f.Feature == "legal-form" && f.Detail.Contains("legal form", StringComparison.Ordinal));
        // The same form, however written, is the same company.
        var same = index.Search(Q("Emma Limited Liability Company"));
        Assert.Equal("E1", same[0].SourceId);
        Assert.NotEqual(MatchBand.None, same[0].Band);
    }

    [Fact]
    public void A_shared_date_of_birth_does_not_rank_a_wrong_person_first()
    {
        var index = Index(Listed("P1", "IVAN PETROV", dob: "1965-05-05", country: "RU"), Listed("P2", "IVAN SIDOROV", dob: "1970-01-01", country: "RU"),
            Listed("P3", "OLEG PETRENKO", dob: "1970-01-01"));

        var hits = index.Search(Q("Ivan Petrov", "1970-01-01", "RU"));

        Assert.Equal("P1", hits[0].SourceId);
        var wrong = hits.FirstOrDefault(h => h.SourceId == "P2");
        Assert.True(wrong is null || wrong.Score < hits[0].Score);
        Assert.Contains(hits[0].Explanation, f => f.Feature == "dob" && f.Effect < 0);
        Assert.DoesNotContain(hits, h => h.SourceId == "P3" && h.Band != MatchBand.None);
    }

    [Fact]
    public void Jon_Smith_matches_John_Smith()
    {
        var index = Index(Listed("S1", "SMITH, John", dob: "1961-04-04", country: "GB"));

        var hit = Assert.Single(index.Search(Q("Jon Smith")), h => h.SourceId == "S1");
        Assert.NotEqual(MatchBand.None, hit.Band);
        Assert.Contains(hit.Explanation, f => f.Detail.StartsWith("jon = john", StringComparison.Ordinal));
        // And with the same date of birth it blocks.
        Assert.Equal(MatchBand.Block, index.Search(Q("Jon Smith", "1961-04-04"))[0].Band);
    }

    [Fact]
    public void Transliterated_names_find_their_latin_entry()
    {
        var index = Index(Listed("R1", "KOVALEVA, Irina Valeryevna", dob: "1975-09-30", country: "RU"),
            Listed("G1", "PAPADOPOULOS, Alexandros", country: "GR"));

        var cyrillic = index.Search(Q("Ирина Валерьевна Ковалёва"));
        Assert.Equal("R1", cyrillic[0].SourceId);
        Assert.Equal(MatchBand.Block, cyrillic[0].Band);

        var greek = index.Search(Q("Αλέξανδρος Παπαδόπουλος"));
        Assert.Equal("G1", greek[0].SourceId);
        Assert.Equal(MatchBand.Block, greek[0].Band);
    }

    [Fact]
    public void Arabic_script_names_find_their_latin_entry_by_consonants()
    {
        var index = Index(Listed("A1", "AL-HASANI, Mohammed Abdullah", dob: "1980-05-12", country: "YE"));

        var hits = index.Search(Q("محمد عبد الله الحسني", "1980-05-12"));

        Assert.Equal("A1", hits[0].SourceId);
        Assert.NotEqual(MatchBand.None, hits[0].Band);
        Assert.Contains(hits[0].Explanation, f => f.Detail.Contains("written without vowels", StringComparison.Ordinal));
        Assert.Contains(hits[0].Explanation, f => f.Detail.StartsWith("bd llh = abdullah (written together", StringComparison.Ordinal));
    }

    [Fact]
    public void Names_in_another_order_with_typos_and_diacritics_still_match()
    {
        var index = Index();

        // UN QDi.??? "ABDULHAI SALEK", written surname first.
        Assert.Equal("ABDULHAI SALEK", index.Search(Q("SALEK, Abdulhai"))[0].Name);
        // One typo per token in a four-token name.
        var typo = index.Search(Q("AREFULLAHA REF GHAZI MOHAMAD", "1958", "AF"));
        Assert.Equal("AREFULLAH AREF GHAZI MOHAMMAD", typo[0].Name);
        Assert.NotEqual(MatchBand.None, typo[0].Band);
        // Diacritics and punctuation do not matter.
        Assert.Equal(1.0, index.Search(Q("Thárwat Saláh Shiháta"))[0].Score, 3);
    }

    [Fact]
    public void Identifiers_raise_a_match_and_a_different_one_lowers_it()
    {
        var vessel = Listed("V1", "OCEAN VOYAGER", EntityType.Vessel, identifiers: [new ListIdentifier("imo", "9187629")]);
        var index = Index(vessel);

        var renamed = index.Search(Q("OCEAN VOYAGE", type: EntityType.Vessel, ids: [new ListIdentifier("imo", "IMO 9187629")]));
        Assert.Equal(MatchBand.Block, renamed[0].Band);
        Assert.Contains(renamed[0].Explanation, f => f.Feature == "identifier" && f.Effect > 0);

        var other = index.Search(Q("OCEAN VOYAGER", type: EntityType.Vessel, ids: [new ListIdentifier("imo", "9999999")]));
        Assert.Contains(other[0].Explanation, f => f.Feature == "identifier" && f.Effect < 0);
        Assert.True(other[0].Score < 1.0);
    }

    [Fact]
    public void Common_given_names_count_for_less_than_rare_surnames()
    {
        var index = Index(Listed("M1", "MOHAMMED HASSAN AL-RIFAI"));

        // Sharing only the very common "Mohammed" (hundreds of UN names) is not a match…
        Assert.DoesNotContain(index.Search(Q("Mohammed Karimi")), h => h.SourceId == "M1" && h.Band != MatchBand.None);
        // …sharing the rare surname with a different common given name is closer than sharing the common given name.
        var rare = index.Search(Q("Ahmed Hassan al-Rifai")).FirstOrDefault(h => h.SourceId == "M1");
        var common = index.Search(Q("Mohammed Hassan al-Karimi")).FirstOrDefault(h => h.SourceId == "M1");
        Assert.NotNull(rare);
        Assert.True(common is null || rare.Score > common.Score);
    }

    [Fact]
    public void Every_hit_explains_its_score_and_carries_its_list_version()
    {
        var index = Index();
        var hit = index.Search(Q("Tharwat Salah Shihata", "1960-06-29", "EG"))[0];

        Assert.Equal("UN", hit.List);
        Assert.Equal(1, hit.ListVersion);
        Assert.Equal("name", hit.Explanation[0].Feature);
        Assert.Contains(hit.Explanation, f => f.Feature == "token");
        Assert.Contains(hit.Explanation, f => f.Feature == "dob" && f.Detail.Contains("1960-06-29", StringComparison.Ordinal));
        Assert.Contains(hit.Explanation, f => f.Feature == "country");
    }

    [Fact]
    public void Transliteration_variants_of_one_name_match()
    {
        var index = Index(Listed("L1", "QADHAFI, Muammar", dob: "1942", country: "LY", aliases: ["Muammar Mohammed Abu Minyar QADHAFI"]));

        foreach (var variant in new[] { "Muammar Gaddafi", "Mouammar Kadhafi", "Moammar Khadafy", "Muammar al-Qaddafi" })
        {
            var hit = index.Search(Q(variant, "1942")).FirstOrDefault(h => h.SourceId == "L1");
            Assert.True(hit is not null && hit.Band != MatchBand.None, $"{variant}: {hit?.Score}");
        }
    }

    [Theory]
    [InlineData("mohammed", "muhammad")]
    [InlineData("mohammed", "mokhammed")]
    [InlineData("qasim", "kasim")]
    [InlineData("yusuf", "yousef")]
    [InlineData("zhukov", "jukov")]
    public void Transliteration_variants_share_a_phonetic_key(string a, string b)
        => Assert.Equal(NameText.PhoneticKey(a), NameText.PhoneticKey(b));
}
