using System.Text.Json;
using Cordon.Tests.Support;

namespace Cordon.Tests.Risk;

public sealed class CriteriaCliTests
{
    private static Task<(int Exit, string Out, string Err)> Cordon(TestStore store, params string[] args) => CliRun.RunAsync(store.Settings, args);

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Criteria_are_checked_added_moved_and_shown_from_the_command_line(string store)
    {
        await using var s = await TestStore.CreateAsync(store);
        Assert.Equal(0, (await Cordon(s, "agencies", "add", "--code", "NCA", "--name", "National Customs", "--kind", "customs", "--country", "NL")).Exit);

        var bad = await Cordon(s, "risk", "criteria", "check", "origin == \"CN\" and item.unit_valu < 3");
        Assert.Equal(2, bad.Exit);
        Assert.Contains("1:25: item has no field 'unit_valu' (did you mean 'unit_value'?)", bad.Err, StringComparison.Ordinal);
        Assert.Contains("\n" + new string(' ', 26) + "^^^^^^^^^", bad.Err, StringComparison.Ordinal);
        var good = await Cordon(s, "risk", "criteria", "check", "item.unit_value < stats.p10(item.hs6, origin)");
        Assert.Equal(0, good.Exit);
        Assert.Contains("item-level", good.Out, StringComparison.Ordinal);

        var refused = await Cordon(s, "risk", "criteria", "add", "--agency", "NCA", "--name", "Bad", "-e", "origin = \"CN\"", "--weight", "1");
        Assert.Equal(2, refused.Exit);
        Assert.Contains("1:8: write '=='", refused.Err, StringComparison.Ordinal);

        var added = await Cordon(s, "risk", "criteria", "add", "--agency", "NCA", "--name", "Undervalued cars", "--weight", "40", "--lane", "yellow",
            "-e", "item.hs4 == \"8703\" and item.unit_value < stats.p10(item.hs6, origin)", "--json");
        Assert.Equal(0, added.Exit);
        using (var json = JsonDocument.Parse(added.Out))
        {
            Assert.Equal("Draft", json.RootElement.GetProperty("status").GetString());
        }
        Assert.Equal(0, (await Cordon(s, "risk", "criteria", "status", "Undervalued cars", "active", "--note", "Go live")).Exit);
        var back = await Cordon(s, "risk", "criteria", "status", "Undervalued cars", "draft");
        Assert.Equal(2, back.Exit);
        Assert.Contains("An active criterion cannot become draft", back.Err, StringComparison.Ordinal);

        var list = await Cordon(s, "risk", "criteria", "list", "--status", "active", "--json");
        using (var json = JsonDocument.Parse(list.Out))
        {
            var row = Assert.Single(json.RootElement.EnumerateArray().ToList());
            Assert.Equal(2, row.GetProperty("version").GetInt32());
        }
        var show = await Cordon(s, "risk", "criteria", "show", "Undervalued cars");
        Assert.Equal(0, show.Exit);
        Assert.Contains("Go live", show.Out, StringComparison.Ordinal);
        Assert.Contains("score +40, lane yellow", show.Out, StringComparison.Ordinal);
    }
}
