using Cordon.Travellers;

namespace Cordon.Tests.Travellers;

/// <summary>ICAO Doc 9303 machine-readable zones, read from the specimens of Parts 4–7 (the Utopia documents).</summary>
public sealed class MrzTests
{
    private static readonly DateOnly Today = new(2026, 12, 6);

    private const string Td3Specimen = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";
    private const string Td1Specimen = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<";
    private const string Td2Specimen = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6";
    private const string MrvASpecimen = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8988901C4XXX4009078F96121096ZE184226B<<<<<<";
    private const string MrvBSpecimen = "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<";

    [Fact]
    public void The_passport_specimen_reads_with_every_check_digit_passing()
    {
        var zone = MrzReader.Read(Td3Specimen, Today);
        Assert.Empty(zone.Problems);
        Assert.Equal(MrzFormat.Td3, zone.Format);
        Assert.Equal(("P", "UTO", "ERIKSSON", "ANNA MARIA"), (zone.DocumentCode, zone.IssuingState, zone.Surname, zone.GivenNames));
        Assert.Equal(("L898902C3", "UTO", "F"), (zone.DocumentNumber, zone.Nationality, zone.Sex));
        Assert.Equal(new DateOnly(1974, 8, 12), zone.BirthDate);
        Assert.Equal(new DateOnly(2012, 4, 15), zone.ExpiryDate);
        Assert.Equal("ZE184226B", zone.OptionalData);
    }

    [Fact]
    public void The_TD1_card_specimen_reads_its_three_lines()
    {
        var zone = MrzReader.Read(Td1Specimen, Today);
        Assert.Empty(zone.Problems);
        Assert.Equal((MrzFormat.Td1, "I", "D23145890", "ERIKSSON", "ANNA MARIA"), (zone.Format, zone.DocumentCode, zone.DocumentNumber, zone.Surname, zone.GivenNames));
        Assert.Equal((new DateOnly(1974, 8, 12), new DateOnly(2012, 4, 15)), (zone.BirthDate!.Value, zone.ExpiryDate!.Value));
    }

    [Fact]
    public void The_TD2_specimen_reads_with_its_composite_check_digit()
    {
        var zone = MrzReader.Read(Td2Specimen, Today);
        Assert.Empty(zone.Problems);
        Assert.Equal((MrzFormat.Td2, "D23145890", "UTO"), (zone.Format, zone.DocumentNumber, zone.Nationality));
    }

    [Fact]
    public void The_visa_specimens_read_as_MRV_A_and_MRV_B_without_a_composite_digit()
    {
        var a = MrzReader.Read(MrvASpecimen, Today);
        var b = MrzReader.Read(MrvBSpecimen, Today);
        Assert.Empty(a.Problems);
        Assert.Empty(b.Problems);
        Assert.Equal((MrzFormat.MrvA, "L8988901C", "XXX", "6ZE184226B"), (a.Format, a.DocumentNumber, a.Nationality, a.OptionalData));
        Assert.Equal((MrzFormat.MrvB, new DateOnly(1940, 9, 7), new DateOnly(1996, 12, 10)), (b.Format, b.BirthDate!.Value, b.ExpiryDate!.Value));
    }

    [Fact]
    public void A_changed_document_number_fails_its_check_digit_and_the_composite_naming_both()
    {
        var zone = MrzReader.Read(Td3Specimen.Replace("L898902C3", "L898912C3", StringComparison.Ordinal), Today);
        Assert.Equal(["document number", "composite"], zone.Problems.Select(p => p.Field));
        Assert.Contains("check digit '6' does not match L898912C3", zone.Problems[0].Message);
    }

    [Fact]
    public void A_changed_birth_date_names_the_date_of_birth()
    {
        var zone = MrzReader.Read(Td1Specimen.Replace("7408122F", "7408132F", StringComparison.Ordinal), Today);
        Assert.Equal(["date of birth", "composite"], zone.Problems.Select(p => p.Field));
    }

    [Fact]
    public void A_nationality_that_is_no_ICAO_or_ISO_code_is_named()
    {
        // Recompute nothing: QQQ keeps every check digit (nationality is outside them) but is no state.
        var zone = MrzReader.Read(Td3Specimen.Replace("UTO7408", "QQQ7408", StringComparison.Ordinal), Today);
        var problem = Assert.Single(zone.Problems);
        Assert.Equal("nationality", problem.Field);
    }

    [Fact]
    public void The_7_3_1_check_digit_counts_letters_from_10_and_the_filler_as_0()
    {
        Assert.Equal(6, MrzReader.CheckDigit("L898902C3"));
        Assert.Equal(1, MrzReader.CheckDigit("ZE184226B<<<<<"));
        Assert.Equal(0, MrzReader.CheckDigit("<<<<<<"));
    }

    [Fact]
    public void Lines_of_the_wrong_length_are_not_a_zone()
    {
        var e = Assert.Throws<MrzFormatException>(() => MrzReader.Read("P<UTOERIKSSON<<ANNA\nL898902C36UTO", Today));
        Assert.Contains("19 + 13", e.Message);
    }

    [Fact]
    public void Blanks_and_lower_case_as_typed_at_the_desk_are_accepted()
    {
        var typed = "  p<utoeriksson<<anna<maria<<<<<<<<<<<<<<<<<<<\r\n l898902c36uto7408122f1204159ze184226b<<<<<10 ";
        Assert.Empty(MrzReader.Read(typed, Today).Problems);
    }
}
