using System.Text.Json;
using Cordon.Messaging;
using Cordon.Sharing;
using Cordon.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace Cordon.Tests.Messaging;

public sealed class MessageCliTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<(int Exit, string Out, string Err)> Cordon(TestStore store, params string[] args) => CliRun.RunAsync(store.Settings, args);

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_warning_posted_from_the_command_line_is_listed_for_the_partner_with_the_vehicle_withheld(string store)
    {
        await using var s = await DemoActors.SeededStoreAsync(store);
        var now = TestClock.Now; // the command line runs on the system clock
        // The same server key as the command (environment or the data directory's key file).
        var keys = ChannelKeys.Load(new ConfigurationBuilder().AddEnvironmentVariables().Build());
        Guid channel;
        await using (var db = s.Open())
        {
            var (nbp, pca) = (await s.ActorAsync("bp.officer"), await s.ActorAsync("pca.officer"));
            db.SharingAgreements.Add(new SharingAgreement
            {
                Title = "Messaging", ProviderAgencyId = nbp.AgencyId!.Value, RecipientAgencyId = pca.AgencyId!.Value, RecordTypes = [RecordTypes.Message], MaxMarking = Tlp.Amber,
                Purposes = [Purpose.Investigation], Redactions = [new RedactionRule(["warning.vehicle"], [RecordTypes.Message])], ValidFrom = now.AddDays(-1), ValidUntil = now.AddDays(30),
                Status = AgreementStatus.Active, ProviderApprovedAt = now.AddDays(-1), RecipientApprovedAt = now.AddDays(-1),
            });
            await db.SaveChangesAsync(Ct);
            channel = (await Channels.CreateAsync(db, nbp, keys, new ChannelInput("group", null, "Border watch", "Tip-offs", now.AddDays(2), null, null, ["PCA"]), now, Ct)).Id;
        }

        var posted = await Cordon(s, "messages", "post", channel.ToString(), "--as", "bp.officer", "--warning", "Stolen excavator on a low-loader", "--where", "E19 northbound",
            "--vehicle", "BE-1-ABC-123", "--confidence", "high", "--json");
        Assert.True(posted.Exit == 0, posted.Err);
        var refused = await Cordon(s, "messages", "post", channel.ToString(), "--as", "bp.officer", "--text", "source", "--marking", "TLP:RED");
        Assert.Equal(2, refused.Exit);
        Assert.Contains("cannot be posted in channel 'Border watch', which is marked TLP:AMBER", refused.Err, StringComparison.Ordinal);

        var listed = await Cordon(s, "messages", "list", channel.ToString(), "--as", "pca.officer", "--json");
        Assert.True(listed.Exit == 0, listed.Err);
        using var json = JsonDocument.Parse(listed.Out);
        var warning = json.RootElement.EnumerateArray().Single().GetProperty("warning");
        Assert.Equal("Stolen excavator on a low-loader", warning.GetProperty("what").GetString());
        Assert.Equal(JsonValueKind.Null, warning.GetProperty("vehicle").ValueKind);

        var channels = await Cordon(s, "messages", "list", "--as", "nis.officer", "--json");
        Assert.Equal("[]", channels.Out.Trim());
    }
}
