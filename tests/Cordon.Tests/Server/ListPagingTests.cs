using System.Text.RegularExpressions;
using Cordon.Audit;
using Cordon.Declarations;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Server;

/// <summary>The long lists page through their rows as a person clicks "Next", with filters and sorting kept in the URL.</summary>
public sealed class ListPagingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Every_long_list_pages_from_first_to_last_without_an_error_banner(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        await FillQuarantineAndAccessLogAsync(host);
        var supervisor = await PageSession.SignInAsync(host, "supervisor");
        var admin = await PageSession.SignInAsync(host, "admin");
        var auditor = await PageSession.SignInAsync(host, "auditor");

        await PageThroughAsync(supervisor, "/declarations");
        await PageThroughAsync(supervisor, "/consignments");
        await PageThroughAsync(supervisor, "/declarations/quarantine");
        await PageThroughAsync(admin, "/sharing/access-review");
        await PageThroughAsync(auditor, "/audit");
        await PageThroughAsync(supervisor, "/reference/codes?table=countries");
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task Filters_and_sorting_stay_in_the_url_while_paging(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var supervisor = await PageSession.SignInAsync(host, "supervisor");
        string office;
        await using (var db = host.Store.Open())
        {
            office = await db.Declarations.GroupBy(d => d.Office).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync(Ct);
        }

        var filtered = await supervisor.GetStringAsync($"/declarations?office={office}");
        var next = PageSession.Rel(filtered, "next");
        Assert.NotNull(next);
        Assert.Contains($"office={office}", next, StringComparison.Ordinal);
        var second = await supervisor.GetStringAsync(next);
        Assert.Matches(@"Page 2 of \d+", second);
        var offices = Regex.Matches(second, "<td data-col=\"office\">([^<]*)</td>").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Equal([office], offices);

        var sorted = await supervisor.GetStringAsync("/declarations?sort=number");
        var numbers = Regex.Matches(sorted, "<td><a href=\"/declarations/[^\"]+\"><code>([^<]+)</code>").Select(m => m.Groups[1].Value).ToList();
        Assert.True(numbers.Count > 1);
        Assert.Equal(numbers.Order(StringComparer.Ordinal), numbers);
        var sortedNext = PageSession.Rel(sorted, "next");
        Assert.NotNull(sortedNext);
        Assert.Contains("sort=number", sortedNext, StringComparison.Ordinal);
        var sortedSecond = await supervisor.GetStringAsync(sortedNext);
        var first2 = Regex.Match(sortedSecond, "<td><a href=\"/declarations/[^\"]+\"><code>([^<]+)</code>").Groups[1].Value;
        Assert.True(string.CompareOrdinal(first2, numbers[^1]) > 0, $"{first2} should follow {numbers[^1]}");
    }

    /// <summary>Opens the list, follows "Next" to page 2, jumps to the last page and back by "Previous".</summary>
    private static async Task PageThroughAsync(PageSession session, string path)
    {
        var first = await session.GetStringAsync(path);
        Assert.DoesNotContain("is not valid", first, StringComparison.Ordinal);
        var pages = Regex.Match(first, @"Page 1 of (\d+)");
        Assert.True(pages.Success, $"{path}: no 'Page 1 of N'");
        var count = int.Parse(pages.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(count >= 2, $"{path}: only {count} page(s)");
        Assert.Null(PageSession.Rel(first, "prev"));

        var next = PageSession.Rel(first, "next") ?? throw new Xunit.Sdk.XunitException($"{path}: no Next link");
        var second = await session.GetStringAsync(next);
        Assert.Contains($"Page 2 of {count}", second, StringComparison.Ordinal);
        Assert.DoesNotContain("is not valid", second, StringComparison.Ordinal);
        Assert.NotEqual(Rows(first), Rows(second));

        var lastPath = path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + $"page={count}";
        var last = await session.GetStringAsync(lastPath);
        Assert.Contains($"Page {count} of {count}", last, StringComparison.Ordinal);
        Assert.Null(PageSession.Rel(last, "next"));
        var previous = PageSession.Rel(last, "prev") ?? throw new Xunit.Sdk.XunitException($"{path}: no Previous link on the last page");
        Assert.Contains($"Page {count - 1} of {count}", await session.GetStringAsync(previous), StringComparison.Ordinal);
    }

    private static string Rows(string html)
        => Regex.Match(html, "<tbody>(.*?)</tbody>|<main[^>]*>(.*)</main>", RegexOptions.Singleline).Value;

    /// <summary>The demo has few quarantined records and few partner reads: add enough for several pages.</summary>
    private static async Task FillQuarantineAndAccessLogAsync(CordonHost host)
    {
        await using var db = host.Store.Open();
        var nca = await db.Agencies.Where(a => a.Code == "NCA").Select(a => a.Id).SingleAsync(Ct);
        var partner = await db.Users.SingleAsync(u => u.UserName == "pca.officer", Ct);
        var declarations = await db.Declarations.OrderBy(d => d.Id).Select(d => d.Id).Take(60).ToListAsync(Ct);
        for (var i = 0; i < 60; i++)
        {
            db.QuarantinedRecords.Add(new QuarantinedRecord
            {
                OwningAgencyId = nca,
                Kind = IntakeKind.Declaration,
                Source = "paging-test.csv",
                Position = $"line {i + 2}",
                Number = $"25NLPAGING{i:D4}",
                Content = $"{{\"number\":\"25NLPAGING{i:D4}\"}}",
                ContentIsJson = true,
                Errors = "{\"office\":[\"is required.\"]}",
                RawHash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"paging {i}")),
                ReceivedAt = TestClock.Now.AddMinutes(-i),
                ReceivedBy = "officer",
            });
        }
        await db.SaveChangesAsync(Ct);
        var reads = declarations.Select(id => new AuditEvent(AuditActor.OfUser(partner), "access.deny") // as SharedReads writes a refused read
        {
            RecordType = "declaration",
            RecordId = id.ToString(),
            RecordAgencyId = nca,
            Purpose = "risk-analysis",
            Decision = AuditDecision.Deny,
        }).ToList();
        var appended = await AuditLog.AppendBatchAsync(db, reads, Ct);
        Assert.Empty(appended.Rejected);
    }
}
