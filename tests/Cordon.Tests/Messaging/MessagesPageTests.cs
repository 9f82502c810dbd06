using System.Net;
using Cordon.Messaging;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Messaging;

public sealed class MessagesPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The demo's operation channel: the border police own it, customs and the partner abroad are members.</summary>
    private static async Task<Guid> DemoChannelAsync(CordonHost host)
    {
        await using var db = host.Store.Open();
        return (await db.Channels.SingleAsync(c => c.Name == MessagingDemo.ChannelName, Ct)).Id;
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_demo_channel_shows_the_partner_the_warning_without_the_vehicle_and_shows_immigration_nothing(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var channel = await DemoChannelAsync(host);

        var partner = await PageSession.SignInAsync(host, "pca.officer");
        var seen = WebUtility.HtmlDecode(await partner.GetStringAsync("/messages"));
        Assert.Contains(MessagingDemo.ChannelName, seen, StringComparison.Ordinal);
        Assert.Contains("Cigarettes hidden behind frozen vegetables", seen, StringComparison.Ordinal);
        Assert.Contains("redacted: warning.vehicle", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("BE-QTR-418", seen, StringComparison.Ordinal);

        // The border police post a Warning through the form; customs sees it, unread, with the vehicle.
        var police = await PageSession.SignInAsync(host, "bp.officer");
        var page = await police.GetStringAsync($"/messages?channel={channel}");
        var posted = await police.PostFormAsync(page, "/messages", [new("channel", channel.ToString()), new("template", "warning"), new("what", "Van with undeclared tobacco"),
            new("where", "Poppel crossing"), new("when", "2026-12-06T18:30"), new("vehicle", "NL-VX-902-K"), new("confidence", "high"), new("marking", "TLP:AMBER")]);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var refused = await police.PostFormAsync(page, "/messages", [new("channel", channel.ToString()), new("template", "text"), new("text", "source"), new("marking", "TLP:RED")]);
        Assert.Contains("which is marked TLP:AMBER", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);

        var customs = await PageSession.SignInAsync(host, "officer");
        var customsPage = WebUtility.HtmlDecode(await customs.GetStringAsync($"/messages?channel={channel}"));
        Assert.Contains("Van with undeclared tobacco", customsPage, StringComparison.Ordinal);
        Assert.Contains("NL-VX-902-K", customsPage, StringComparison.Ordinal);

        var immigration = await PageSession.SignInAsync(host, "nis.officer");
        var nothing = WebUtility.HtmlDecode(await immigration.GetStringAsync("/messages"));
        Assert.Contains("Your agency is not a member of any channel.", nothing, StringComparison.Ordinal);
        Assert.DoesNotContain(MessagingDemo.ChannelName, nothing, StringComparison.Ordinal);
        var probe = WebUtility.HtmlDecode(await immigration.GetStringAsync($"/messages?channel={channel}"));
        Assert.DoesNotContain("Cigarettes", probe, StringComparison.Ordinal);
        Assert.Contains($"No channel {channel} that you are a member of.", probe, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_photo_posted_on_the_form_is_offered_to_customs_as_a_download_and_a_renamed_file_is_refused_on_the_form(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var channel = await DemoChannelAsync(host);
        var police = await PageSession.SignInAsync(host, "bp.officer");
        var page = await police.GetStringAsync($"/messages?channel={channel}");
        byte[] photo = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. "plate"u8.ToArray()];
        MultipartFormDataContent Form(string name, byte[] content)
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent(PageSession.AntiforgeryToken(page)), "__RequestVerificationToken" },
                { new StringContent(channel.ToString()), "channel" },
                { new StringContent("text"), "template" },
                { new StringContent("Plate at the Poppel crossing"), "text" },
                { new StringContent("TLP:AMBER"), "marking" },
            };
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
            form.Add(file, "files", name);
            return form;
        }

        using (var renamed = Form("plate.png", "MZ not a picture"u8.ToArray()))
        {
            var refused = await police.SendAsync(HttpMethod.Post, "/messages", renamed);
            Assert.Contains("The file's content is not image/png.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        }
        using (var form = Form("plate.png", photo))
        {
            Assert.Equal(HttpStatusCode.Redirect, (await police.SendAsync(HttpMethod.Post, "/messages", form)).StatusCode);
        }

        var customs = await PageSession.SignInAsync(host, "officer");
        var customsPage = WebUtility.HtmlDecode(await customs.GetStringAsync($"/messages?channel={channel}"));
        var link = System.Text.RegularExpressions.Regex.Match(customsPage, "<a href=\"(/api/channels/[^\"]+/attachments/[^\"]+)\" download>plate.png</a>");
        Assert.True(link.Success, customsPage);
        var download = await customs.SendAsync(HttpMethod.Get, link.Groups[1].Value, (HttpContent?)null, null);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(photo, await download.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);

        // Immigration, no member, gets nothing at the same address.
        var immigration = await PageSession.SignInAsync(host, "nis.officer");
        Assert.Equal(HttpStatusCode.NotFound, (await immigration.SendAsync(HttpMethod.Get, link.Groups[1].Value, (HttpContent?)null, null)).StatusCode);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_search_box_finds_the_demo_warning_for_the_partner_by_its_words_but_not_by_the_vehicle_withheld_from_it(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var partner = await PageSession.SignInAsync(host, "pca.officer");
        var found = WebUtility.HtmlDecode(await partner.GetStringAsync("/messages?q=FROZEN%20vegetables"));
        Assert.Contains("1 message(s) found for “FROZEN vegetables”", found, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"found\"", found, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(found, "data-live=\"messages\"")); // the live conversation stays one part
        var withheld = WebUtility.HtmlDecode(await partner.GetStringAsync("/messages?q=BE-QTR-418"));
        Assert.Contains("0 message(s) found for “BE-QTR-418”", withheld, StringComparison.Ordinal);

        var french = await PageSession.SignInAsync(host, "pca.officer");
        await french.ChooseLanguageAsync("fr");
        Assert.Contains("1 message(s) trouvé(s) pour « frozen »", WebUtility.HtmlDecode(await french.GetStringAsync("/messages?q=frozen")), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task The_owner_adds_and_removes_a_member_on_the_page_and_a_member_of_another_agency_is_not_offered_the_form(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var channel = await DemoChannelAsync(host);
        var police = await PageSession.SignInAsync(host, "bp.officer");
        var page = await police.GetStringAsync($"/messages?channel={channel}");
        Assert.Contains("data-testid=\"members\"", page, StringComparison.Ordinal);
        var refused = await police.PostFormAsync(page, "/messages?handler=AddMember", [new("channel", channel.ToString()), new("agency", "XXX")]);
        Assert.Contains("No agency with code 'XXX'.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await police.PostFormAsync(page, "/messages?handler=AddMember", [new("channel", channel.ToString()), new("agency", "NIS")])).StatusCode);

        var immigration = await PageSession.SignInAsync(host, "nis.officer");
        Assert.Contains(MessagingDemo.ChannelName, WebUtility.HtmlDecode(await immigration.GetStringAsync("/messages")), StringComparison.Ordinal);
        var customs = WebUtility.HtmlDecode(await (await PageSession.SignInAsync(host, "officer")).GetStringAsync($"/messages?channel={channel}"));
        Assert.DoesNotContain("data-testid=\"members\"", customs, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await police.PostFormAsync(page, "/messages?handler=RemoveMember", [new("channel", channel.ToString()), new("agency", "NIS")])).StatusCode);
        Assert.DoesNotContain(MessagingDemo.ChannelName, WebUtility.HtmlDecode(await immigration.GetStringAsync("/messages")), StringComparison.Ordinal);
        await using (var db = host.Store.Open())
        {
            // NCA and PCA added with the channel, then NIS added and removed on the page.
            Assert.Equal(["channel.member.add", "channel.member.add", "channel.member.add", "channel.member.remove"],
                await db.AuditEntries.Where(e => (e.Action == "channel.member.add" || e.Action == "channel.member.remove") && e.RecordId == channel.ToString()).OrderBy(e => e.LeafIndex).Select(e => e.Action).ToListAsync(Ct));
        }
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_channel_purged_by_retention_is_shown_as_purged_with_its_members_and_no_messages(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        await using (var db = host.Store.Open())
        {
            // The demo's operation channel closed 400 days ago; operation channels keep their messages 365 days by default.
            var channel = await db.Channels.SingleAsync(c => c.Name == MessagingDemo.ChannelName, Ct);
            channel.ClosedAt = TestClock.Now.AddDays(-400);
            await db.SaveChangesAsync(Ct);
            Assert.Equal(1, await ChannelRetention.SweepAsync(db, new MessagingOptions(), TestClock.Now, Ct));
        }
        var police = await PageSession.SignInAsync(host, "bp.officer");
        var list = WebUtility.HtmlDecode(await police.GetStringAsync("/messages"));
        Assert.Contains("data-testid=\"purged\">purged</span>", list, StringComparison.Ordinal);
        var id = await DemoChannelAsync(host);
        var page = WebUtility.HtmlDecode(await police.GetStringAsync($"/messages?channel={id}"));
        Assert.Contains("This channel's messages were deleted on", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Cigarettes hidden behind frozen vegetables", page, StringComparison.Ordinal);
        Assert.Contains("NCA", page, StringComparison.Ordinal);
    }
}
