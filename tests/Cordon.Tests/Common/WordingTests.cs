using System.Globalization;
using Cordon.Common;

namespace Cordon.Tests.Common;

/// <summary>What operations say is kept as an English template and its arguments, so the pages can translate it.</summary>
public sealed class WordingTests
{
    private static Wording Said(Wording wording) => wording;

    [Fact]
    public void An_interpolated_message_becomes_its_template_and_its_arguments()
    {
        var id = Guid.Parse("6f2d0a3e-1c5b-4a7e-9d3f-2b8c4e6a1f00");
        var said = Said($"Declaration {id} has {3} lines worth {12.5m:N2} ({"EUR",5}).");

        Assert.Equal("Declaration {0} has {1} lines worth {2:N2} ({3,5}).", said.Template);
        Assert.Equal(new object?[] { id, 3, 12.5m, "EUR" }, said.Arguments);
        Assert.Equal($"Declaration {id} has 3 lines worth 12.50 (  EUR).", said.Format(CultureInfo.InvariantCulture, said.Template));
    }

    [Fact]
    public void A_plain_string_is_its_own_template_and_literal_braces_survive_formatting()
    {
        Wording plain = "Send a JSON object {\"name\": …}.";
        Assert.Equal("Send a JSON object {{\"name\": …}}.", plain.Template);
        Assert.Empty(plain.Arguments);
        Assert.Equal("Send a JSON object {\"name\": …}.", plain.ToString());

        var braces = Said($"Field {"area"} takes {{\"type\": \"Polygon\"}}.");
        Assert.Equal("Field {0} takes {{\"type\": \"Polygon\"}}.", braces.Template);
        Assert.Equal("Field area takes {\"type\": \"Polygon\"}.", braces.ToString());
    }

    [Fact]
    public void Refusals_keep_their_wording_and_give_the_english_as_their_message()
    {
        var conflict = new Conflict($"Seizure {"SZ-2026-0042"} is already closed.");
        Assert.Equal("Seizure SZ-2026-0042 is already closed.", conflict.Message);
        Assert.Equal("Seizure {0} is already closed.", conflict.Wording.Template);
        Assert.Equal(new object?[] { "SZ-2026-0042" }, conflict.Wording.Arguments);

        var errors = new FieldErrors();
        errors.Add("items[0].hsCode", $"'{"99"}' is not an HS code.");
        errors.Add("items[0].hsCode", "Required.");
        var failed = Assert.Throws<ValidationFailed>(errors.ThrowIfAny);
        Assert.Equal(new[] { "'99' is not an HS code.", "Required." }, failed.Errors["items[0].hsCode"]);
        Assert.Equal(new[] { "'{0}' is not an HS code.", "Required." }, failed.Wordings["items[0].hsCode"].Select(w => w.Template));
        Assert.Equal("items[0].hsCode: '99' is not an HS code., Required.", failed.Message);

        var one = ValidationFailed.Field("office", $"'{"XX999"}' is not a customs office of the agency.");
        Assert.Equal("'{0}' is not a customs office of the agency.", Assert.Single(one.Wordings["office"]).Template);
    }
}
