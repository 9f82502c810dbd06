using Cordon.Screening.Lists;
using Cordon.Screening.Matching;

namespace Cordon.Tests.Screening;

/// <summary>
/// Hard names, each kind in both directions: what tells two near-namesakes apart keeps the false alert
/// away, and another script, form or spelling of the same name still finds its entry.
/// </summary>
public sealed class HardNameTests
{
    private static readonly Lazy<List<IndexedEntity>> Un = new(() =>
        UnXmlParser.Read(ListFiles.Un).Select(e => new IndexedEntity(Guid.NewGuid(), "UN", 1, MatchBands.DefaultBlock, MatchBands.DefaultReview, e)).ToList());

    private static IndexedEntity Listed(string id, string name, EntityType type = EntityType.Person)
        => new(Guid.NewGuid(), "TEST", 1, MatchBands.DefaultBlock, MatchBands.DefaultReview, new ListEntry { SourceId = id, Type = type, Name = name });

    /// <summary>The test entries beside the real UN list, so rarity weights are those of a real list.</summary>
    private static ScreeningIndex Index(params IndexedEntity[] extra) => ScreeningIndex.Build(Un.Value.Concat(extra));

    private static ScreeningHit? Hit(ScreeningIndex index, string query, string id, EntityType? type = null)
        => index.Search(new ScreeningQuery(query, Type: type, Limit: 100)).FirstOrDefault(h => h.SourceId == id);

    private static void Raised(ScreeningIndex index, string query, string id, EntityType? type = null)
    {
        var hit = Hit(index, query, id, type);
        Assert.True(hit is not null && hit.Band != MatchBand.None, $"'{query}' should raise {id}; score {hit?.Score}");
    }

    private static void NotRaised(ScreeningIndex index, string query, string id, EntityType? type = null)
    {
        var hit = Hit(index, query, id, type);
        Assert.True(hit is null || hit.Band == MatchBand.None, $"'{query}' should not raise {id}; score {hit?.Score}");
    }

    [Fact]
    public void Near_namesakes_differing_in_the_family_name_do_not_alert_but_another_spelling_does()
    {
        var index = Index(Listed("N1", "ABDUL RAHMAN MOHAMED AL-HASHIMI"), Listed("N2", "GUL AHMAD KHAN WARDAK"));

        NotRaised(index, "ABDUL RAHMAN MOHAMED AL-JUBOORI", "N1");
        NotRaised(index, "GUL AHMAD KHAN MANGAL", "N2");
        Raised(index, "ABDUL RAHMAN MUHAMMAD AL HASHEMI", "N1");
        Raised(index, "GUL AHMAD KHAN WARDAK", "N2");
    }

    [Fact]
    public void The_same_names_in_another_patronymic_order_are_another_person()
    {
        var index = Index(Listed("P1", "YUSUF BIN SALIM AL-RAWI"), Listed("P2", "ALIYEV RASUL TURAL OGLU"), Listed("P3", "ALI BIN ABDUL RAHMAN"));

        NotRaised(index, "SALIM BIN YUSUF AL-RAWI", "P1");
        NotRaised(index, "ALIYEV TURAL RASUL OGLU", "P2");
        NotRaised(index, "ABDUL RAHMAN BIN ALI", "P3");
        var reversed = Hit(index, "SALIM BIN YUSUF AL-RAWI", "P1");
        Assert.Contains(reversed!.Explanation, f => f.Feature == "patronymic" && f.Effect < 0);

        Raised(index, "YUSUF IBN SALIM AL-RAWI", "P1");
        Raised(index, "YUSUF SALIM AL-RAWI", "P1");
        Raised(index, "ALIYEV RASUL TURAL OGLY", "P2");
    }

    [Fact]
    public void Companies_sharing_a_brand_do_not_alert_but_the_same_company_with_its_legal_form_does()
    {
        var index = Index(Listed("B1", "MITSUBISHI HEAVY INDUSTRIES", EntityType.Organisation), Listed("B2", "NATIONAL BANK OF OMAN", EntityType.Organisation));

        NotRaised(index, "Mitsubishi UFJ Trust", "B1", EntityType.Organisation);
        NotRaised(index, "National Bank of Egypt", "B2", EntityType.Organisation);
        Raised(index, "Mitsubishi Heavy Industries Ltd", "B1", EntityType.Organisation);
        Raised(index, "National Bank of Oman SAOG", "B2", EntityType.Organisation);
    }

    [Fact]
    public void A_different_legal_form_counts_against_and_the_same_form_written_out_counts_as_the_same()
    {
        var index = Index(Listed("L1", "KRONOS TRADING AG", EntityType.Organisation), Listed("L2", "VOSTOK IMPEX OOO", EntityType.Organisation),
            Listed("L3", "ORION MARITIME GMBH", EntityType.Organisation));

        NotRaised(index, "Kronos Trading Ltd", "L1", EntityType.Organisation);
        var other = Hit(index, "Kronos Trading Ltd", "L1", EntityType.Organisation);
        Assert.Contains(other!.Explanation, f => f.Feature == "legal-form" && f.Effect < 0);
        NotRaised(index, "Orion Maritime Aktiengesellschaft", "L3", EntityType.Organisation);

        var written = Hit(index, "Kronos Trading Aktiengesellschaft", "L1", EntityType.Organisation);
        Assert.Equal(MatchBand.Block, written!.Band);
        Assert.Contains(written.Explanation, f => f.Feature == "normalised" && f.Detail.Contains("aktiengesellschaft = ag", StringComparison.Ordinal));
        Raised(index, "Vostok Impex LLC", "L2", EntityType.Organisation);
        Raised(index, "ООО Восток Импекс", "L2", EntityType.Organisation);
        Raised(index, "Orion Maritime Gesellschaft mit beschränkter Haftung", "L3", EntityType.Organisation);
    }

    [Fact]
    public void Vessels_one_letter_apart_are_other_ships_but_a_ship_prefix_changes_nothing()
    {
        var index = Index(Listed("V1", "AURORA", EntityType.Vessel), Listed("V2", "MARINA", EntityType.Vessel));

        NotRaised(index, "AURORE", "V1", EntityType.Vessel);
        NotRaised(index, "MARIA", "V2", EntityType.Vessel);
        Raised(index, "M/V AURORA", "V1", EntityType.Vessel);
        Raised(index, "MV Marina", "V2", EntityType.Vessel);
    }

    [Fact]
    public void Chinese_characters_find_their_pinyin_entry_and_not_one_with_another_given_name()
    {
        var index = Index(Listed("C1", "ZHANG WEI"), Listed("C2", "LIU JIANHUA"), Listed("C3", "CHEN MING"));

        Raised(index, "张伟", "C1");
        Raised(index, "刘建华", "C2");
        NotRaised(index, "陈敏", "C3");
        NotRaised(index, "张强", "C1");
    }

    [Fact]
    public void Arabic_script_finds_latin_transcriptions_whatever_the_spelling_of_qaf_jim_and_omar()
    {
        var index = Index(Listed("A1", "UMAR FAISAL AL KAHTANI"), Listed("A2", "GAMAL SAEED AL-HARBI"));

        Raised(index, "عمر فيصل القحطاني", "A1");
        Raised(index, "جمال سعيد الحربي", "A2");
        NotRaised(index, "عمر فيصل الحربي", "A1");
        NotRaised(index, "جمال خالد الزهراني", "A2");
    }

    [Fact]
    public void Cyrillic_names_find_every_romanisation_and_not_another_surname()
    {
        var index = Index(Listed("R1", "SHCHERBAKOV, Aleksandr"), Listed("R2", "KOVALCHUK, Yuriy"));

        Raised(index, "Щербаков Александр", "R1");
        Raised(index, "Aleksandr Scherbakow", "R1");
        Raised(index, "Alexandre Chtcherbakov", "R1");
        Raised(index, "Jurij Kowaltschuk", "R2");
        NotRaised(index, "Александр Щукин", "R1");
        NotRaised(index, "Юрий Кузнецов", "R2");
        var romanised = Hit(index, "Aleksandr Scherbakow", "R1");
        Assert.Contains(romanised!.Explanation, f => f.Detail.Contains("romanisation", StringComparison.Ordinal));
    }

    [Fact]
    public void Devanagari_and_Bengali_names_find_their_latin_spelling()
    {
        var index = Index(Listed("I1", "RAHUL SHARMA"), Listed("I2", "RAHIM CHOWDHURY"), Listed("I3", "SUNIL SINGH"));

        Raised(index, "राहुल शर्मा", "I1");
        Raised(index, "सुनील सिंह", "I3");
        Raised(index, "রহিম চৌধুরী", "I2");
        NotRaised(index, "राहुल वर्मा", "I1");
        NotRaised(index, "করিম চৌধুরী", "I2");
    }

    [Fact]
    public void A_nickname_finds_the_full_name_as_weak_evidence_that_never_blocks()
    {
        var index = Index(Listed("K1", "ROBERT HARRISON"), Listed("K2", "ALEKSANDR VOLKOV"));

        var bob = Hit(index, "Bob Harrison", "K1");
        Assert.Equal(MatchBand.Review, bob!.Band);
        Assert.Contains(bob.Explanation, f => f.Feature == "nickname");
        Raised(index, "Sasha Volkov", "K2");
        NotRaised(index, "Bill Harrison", "K1");
        NotRaised(index, "Misha Volkov", "K2");
    }

    [Fact]
    public void Numbers_in_words_or_digits_are_the_same_and_another_number_is_not()
    {
        var index = Index(Listed("D1", "DIVISION 7", EntityType.Organisation), Listed("D2", "OCEAN PRIDE TWELVE", EntityType.Vessel));

        Raised(index, "Division Seven", "D1", EntityType.Organisation);
        Raised(index, "Ocean Pride 12", "D2", EntityType.Vessel);
        NotRaised(index, "Division Eight", "D1", EntityType.Organisation);
        NotRaised(index, "Ocean Pride 2", "D2", EntityType.Vessel);
        var seven = Hit(index, "Division Seven", "D1", EntityType.Organisation);
        Assert.Contains(seven!.Explanation, f => f.Feature == "normalised" && f.Detail.Contains("seven = 7", StringComparison.Ordinal));
    }

    [Fact]
    public void Particles_written_together_apostrophes_and_short_forms_of_a_name_still_match()
    {
        var index = Index(Listed("J1", "SEAN MACDONALD"), Listed("J2", "MARIA D'ANGELO"), Listed("J3", "ALI HASSAN MAHMOUD ZAYED"));

        Raised(index, "Sean Mac Donald", "J1");
        Raised(index, "Maria Dangelo", "J2");
        Raised(index, "ALI HASSAN MAHMOUD", "J3");
        NotRaised(index, "Sean Mac Dowell", "J1");
        NotRaised(index, "Maria D'Agostino", "J2");
        NotRaised(index, "ALI HASSAN MAHMOUD AL-JUBOORI", "J3");
    }
}
