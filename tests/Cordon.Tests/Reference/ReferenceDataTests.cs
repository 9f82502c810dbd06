using Cordon.Reference;

namespace Cordon.Tests.Reference;

public sealed class ReferenceDataTests
{
    private static ReferenceData Reference => ReferenceData.Instance;

    [Fact]
    public void The_HS_2022_nomenclature_is_complete()
    {
        Assert.Equal(97, Reference.Hs.Entries.Count(e => e.Level == 2));
        Assert.Equal(1229, Reference.Hs.Entries.Count(e => e.Level == 4));
        Assert.Equal(5613, Reference.Hs.Entries.Count(e => e.Level == 6));
        Assert.Equal(21, Reference.Hs.Sections.Count);
    }

    [Theory]
    [InlineData("090121", true)]
    [InlineData("0901210010", true)]
    [InlineData("870323", true)]
    [InlineData("0901", false)]
    [InlineData("000000", false)]
    [InlineData("09012A", false)]
    [InlineData("09012100101", false)]
    [InlineData(null, false)]
    public void A_tariff_code_is_valid_when_its_first_six_digits_are_an_HS_subheading(string? code, bool valid)
        => Assert.Equal(valid, Reference.Hs.IsValidTariffCode(code));

    [Fact]
    public void Searching_by_a_word_finds_the_heading_before_its_subheadings()
    {
        var results = Reference.Hs.Search("coffee").ToList();
        Assert.Contains(results, e => e.Code == "0901" && e.Level == 4);
        Assert.True(results.FindIndex(e => e.Code == "0901") < results.FindIndex(e => e.Code == "090121"));
    }

    [Fact]
    public void Searching_by_code_prefix_lists_the_chapter_tree()
    {
        var results = Reference.Hs.Search("87.03").ToList();
        Assert.Equal("8703", results[0].Code);
        Assert.All(results, e => Assert.StartsWith("8703", e.Code, StringComparison.Ordinal));
    }

    [Fact]
    public void Countries_currencies_and_ports_are_loaded_from_the_real_files()
    {
        Assert.Equal(249, Reference.Countries.All.Count);
        Assert.Equal("NLD", Reference.Countries.ByAlpha2("nl")!.Alpha3);
        Assert.Equal("EUR", Reference.Countries.ByAlpha2("NL")!.Currency);
        Assert.Null(Reference.Countries.ByAlpha2("QQ"));
        Assert.True(Reference.Currencies.IsCurrent("USD"));
        Assert.False(Reference.Currencies.IsCurrent("XYZ"));
        Assert.Equal(1634, Reference.Ports.All.Count);
        var rotterdam = Reference.Ports.Find("NLRTM")!;
        Assert.Equal("NL", rotterdam.Country);
        Assert.InRange(rotterdam.Latitude!.Value, 51.5, 52.5);
    }

    [Fact]
    public void A_withdrawn_currency_is_known_but_not_current()
    {
        var withdrawn = Reference.Currencies.All.First(c => c.Withdrawn);
        Assert.NotNull(Reference.Currencies.Find(withdrawn.Code));
        Assert.False(Reference.Currencies.IsCurrent(withdrawn.Code));
    }
}
