using Cordon.Declarations;
using Cordon.Tests.Support;

namespace Cordon.Tests.Declarations;

public sealed class ValidationTests
{
    private static readonly DateOnly Today = new(2025, 6, 1);

    private static IReadOnlyDictionary<string, string[]> Errors(DeclarationInput input)
    {
        var errors = new RecordErrors();
        DeclarationValidation.Validate(input, errors, Today);
        return errors.ToDictionary();
    }

    [Fact]
    public void A_well_formed_declaration_passes_and_is_normalised()
    {
        var input = Samples.Declaration();
        input.Items![0].HsCode = "8517.13.00 00";
        input.Office = " nl000396 ";
        var errors = new RecordErrors();
        var valid = DeclarationValidation.Validate(input, errors, Today);
        Assert.False(errors.Any, string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(",", e.Value)}")));
        Assert.NotNull(valid);
        Assert.Equal("8517130000", input.Items[0].HsCode);
        Assert.Equal("NL000396", input.Office);
        Assert.Equal(OpaqueCodes.None, valid.Opaque);
    }

    [Fact]
    public void Each_problem_is_named_by_its_field_path()
    {
        var input = Samples.Declaration(items: 3);
        input.Items![2].HsCode = "851799";
        input.Items[1].Quantity = -4;
        input.Items[0].NetKg = 30m;
        input.Currency = "XYZ";
        input.OriginCountry = "QQ";
        input.PortOfDischarge = "NLXXX";
        input.LodgedOn = "2031-01-01";
        input.Conveyance = "IMO9074728";
        input.Number = null;
        var errors = Errors(input);
        Assert.Contains("items[2].hsCode", errors.Keys);
        Assert.Contains("not an HS 2022 subheading", errors["items[2].hsCode"][0], StringComparison.Ordinal);
        Assert.Contains("items[1].quantity", errors.Keys);
        Assert.Contains("items[0].netKg", errors.Keys);
        Assert.Contains("currency", errors.Keys);
        Assert.Contains("originCountry", errors.Keys);
        Assert.Contains("portOfDischarge", errors.Keys);
        Assert.Contains("lodgedOn", errors.Keys);
        Assert.Contains("check digit", errors["conveyance"][0], StringComparison.Ordinal);
        Assert.Equal(["is required."], errors["number"]);
    }

    [Fact]
    public void Totals_must_match_the_items_within_tolerance()
    {
        var close = Samples.Declaration();
        close.TotalFob = 2005m; // within 0.5 %
        Assert.Empty(Errors(close));

        var far = Samples.Declaration();
        far.TotalCif = 2500m;
        var errors = Errors(far);
        Assert.Contains("differs from the sum", errors["totalCif"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Anonymised_research_codes_are_accepted_as_opaque_but_the_hs_code_is_still_checked()
    {
        var input = new DeclarationInput
        {
            Layout = "research",
            Number = "SGD97061800",
            LodgedOn = "2013-01-02",
            Importer = new PartyInput { Id = "IMP826164" },
            Declarant = "DEC1234",
            OriginCountry = "CNTRY680",
            Office = "OFFICE92",
            Items = [new ItemInput { HsCode = "8703231000", Quantity = 1, GrossKg = 1200, Fob = 9000, Cif = 9500, Taxes = 1800 }],
        };
        var errors = new RecordErrors();
        var valid = DeclarationValidation.Validate(input, errors, Today);
        Assert.NotNull(valid);
        Assert.Equal(OpaqueCodes.Office | OpaqueCodes.Declarant | OpaqueCodes.Importer | OpaqueCodes.OriginCountry, valid.Opaque);

        input.Items[0].HsCode = "8517990000";
        Assert.Contains("items[0].hsCode", Errors(input).Keys);
    }

    [Fact]
    public void A_huge_field_is_a_validation_error_quoting_only_a_little_of_it()
    {
        var input = Samples.Declaration();
        input.Items![0].Description = new string('x', 100_000);
        var errors = Errors(input);
        var message = Assert.Single(errors["items[0].description"]);
        Assert.True(message.Length < 200, message);
    }

    [Theory]
    [InlineData("CSQU3054383", true)]
    [InlineData("MSKU9070323", true)]
    [InlineData("TGHU1234560", false)]
    [InlineData("CSQU3054384", false)]
    [InlineData("CSQX3054383", false)]
    [InlineData("CSQU305438", false)]
    public void Container_numbers_carry_an_ISO_6346_check_digit(string number, bool valid)
        => Assert.Equal(valid, CheckDigits.IsValidContainerNumber(number));

    [Theory]
    [InlineData("9074729", true)]
    [InlineData("IMO 9074729", true)]
    [InlineData("9074728", false)]
    [InlineData("907472", false)]
    public void Imo_numbers_carry_a_check_digit(string number, bool valid)
        => Assert.Equal(valid, CheckDigits.IsValidImoNumber(number));

    [Fact]
    public void A_consignment_with_a_bad_container_number_says_which_and_why()
    {
        var input = Samples.Consignment();
        input.Containers = ["CSQU3054383", "CSQU3054384"];
        var errors = new RecordErrors();
        Assert.Null(ConsignmentValidation.Validate(input, errors, TestClock.Now));
        var message = Assert.Single(errors.ToDictionary()["containers[1]"]);
        Assert.Contains("check digit (expected 3)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_consignments_seals_ports_and_notify_party_are_checked_field_by_field_and_kept_normalised()
    {
        var input = Samples.Consignment();
        input.NotifyParty = new PartyInput { Name = "Rotterdam Forwarding" };
        input.PortOfLoading = "cn sha";
        input.PortOfDischarge = "NL RTM";
        input.Seals = [new SealInput { Container = "csqu 3054383", Number = "SL 000001" }];
        var good = ConsignmentValidation.Validate(input, new RecordErrors(), TestClock.Now);
        Assert.NotNull(good);
        Assert.Equal("CNSHA NLRTM CSQU3054383 SL000001", $"{input.PortOfLoading} {input.PortOfDischarge} {input.Seals[0].Container} {input.Seals[0].Number}");

        var bad = Samples.Consignment();
        bad.NotifyParty = new PartyInput { Country = "NL" };
        bad.PortOfLoading = "CNSH1";
        bad.PortOfDischarge = "XXRTM";
        bad.Seals = [new SealInput { Container = "MSKU9070323", Number = "S1" }, new SealInput { Container = "TGHU4242420", Number = "S2" }, new SealInput { Container = "MSKU9070323", Number = "S1" }];
        var errors = new RecordErrors();
        Assert.Null(ConsignmentValidation.Validate(bad, errors, TestClock.Now));
        var byField = errors.ToDictionary();
        Assert.Equal(["notifyParty.name", "portOfDischarge", "portOfLoading", "seals[1].container", "seals[2].number"], byField.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("not one of the consignment's containers", byField["seals[1].container"][0], StringComparison.Ordinal);
        Assert.Contains("listed twice", byField["seals[2].number"][0], StringComparison.Ordinal);
        Assert.Contains("XX is not an ISO 3166-1", byField["portOfDischarge"][0], StringComparison.Ordinal);
    }
}
