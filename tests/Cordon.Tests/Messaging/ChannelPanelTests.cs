using System.Net;
using Cordon.Messaging;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Messaging;

/// <summary>The channel panel on the operation, case and incident pages.</summary>
public sealed class ChannelPanelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_operation_page_shows_its_channel_s_latest_messages_and_a_post_from_its_panel_comes_back_to_it(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        Guid operation;
        await using (var db = host.Store.Open())
        {
            operation = (await db.Channels.SingleAsync(c => c.Name == MessagingDemo.ChannelName, Ct)).LinkId!.Value;
        }
        var police = await PageSession.SignInAsync(host, "bp.officer");
        var path = $"/operations/{operation}/results";
        var page = WebUtility.HtmlDecode(await police.GetStringAsync(path));
        Assert.Contains("data-testid=\"channel-panel\"", page, StringComparison.Ordinal);
        Assert.Contains(MessagingDemo.ChannelName, page, StringComparison.Ordinal);
        Assert.Contains("Cigarettes hidden behind frozen vegetables", page, StringComparison.Ordinal);
        Assert.Contains("620,000 cigarettes", page, StringComparison.Ordinal);

        var posted = await police.PostFormAsync(page, "/messages", [new("channel", (await ChannelOf(host, operation)).ToString()), new("template", "text"),
            new("text", "Second trailer expected after midnight."), new("returnTo", path)]);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal(path, posted.Headers.Location?.OriginalString);
        Assert.Contains("Second trailer expected after midnight.", WebUtility.HtmlDecode(await police.GetStringAsync(path)), StringComparison.Ordinal);
        // Anywhere but this server is no place to come back to.
        var away = await police.PostFormAsync(page, "/messages", [new("channel", (await ChannelOf(host, operation)).ToString()), new("template", "text"),
            new("text", "One more."), new("returnTo", "https://example.org/")]);
        Assert.StartsWith("/messages?channel=", away.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_case_without_a_channel_offers_to_start_one_and_then_shows_it(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var customs = await PageSession.SignInAsync(host, "officer");
        Guid @case;
        await using (var db = host.Store.Open())
        {
            var nca = (await db.Agencies.SingleAsync(a => a.Code == "NCA", Ct)).Id;
            @case = (await db.Cases.FirstAsync(c => c.OwningAgencyId == nca, Ct)).Id;
        }
        var path = $"/cases/{@case}";
        var page = WebUtility.HtmlDecode(await customs.GetStringAsync(path));
        Assert.Contains("Your agency is in no channel of this record.", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"start-channel\"", page, StringComparison.Ordinal);

        var started = await customs.PostFormAsync(page, "/messages?handler=start", [new("kind", "case"), new("linkId", @case.ToString()), new("name", "Case channel"), new("returnTo", path)]);
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        Assert.Equal(path, started.Headers.Location?.OriginalString);
        var after = WebUtility.HtmlDecode(await customs.GetStringAsync(path));
        Assert.Contains("No messages yet.", after, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"panel-post\"", after, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"start-channel\"", after, StringComparison.Ordinal);
        await using (var db = host.Store.Open())
        {
            var channel = await db.Channels.SingleAsync(c => c.LinkId == @case, Ct);
            Assert.Equal(ChannelKind.Case, channel.Kind);
        }
    }

    private static async Task<Guid> ChannelOf(CordonHost host, Guid operation)
    {
        await using var db = host.Store.Open();
        return (await db.Channels.SingleAsync(c => c.LinkId == operation, Ct)).Id;
    }
}
