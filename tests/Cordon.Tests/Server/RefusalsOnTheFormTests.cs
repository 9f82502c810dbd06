using System.Net;
using Cordon.Tests.Support;

namespace Cordon.Tests.Server;

/// <summary>
/// Pages do not catch refusals: one filter shows them on the page that was posted (or on a list whose filter
/// was refused), with what the page shows loaded again; a missing record stays a 404 page.
/// </summary>
public sealed class RefusalsOnTheFormTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_refused_form_comes_back_as_the_same_page_with_the_reason_beside_its_field_and_nothing_stored(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var supervisor = await PageSession.SignInAsync(host, "supervisor");

        // A training with an unknown participant: the operation's field error beside "participants", the list still there.
        var trainings = await supervisor.GetStringAsync("/operations/trainings");
        var refused = await supervisor.PostFormAsync(trainings, "/operations/trainings", [
            new("Title", "Boat drill nobody attends"), new("HeldAt", "2026-11-20T09:00"), new("Trains", ""), new("ValidForMonths", ""),
            new("Participants", "no.such.user"), new("OperationId", ""),
        ]);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("data-testid=\"refusal-participants\"", html);
        Assert.Contains("participants[0]: ", html);
        Assert.Contains("data-testid=\"training-refused\"", html);
        Assert.DoesNotContain("Boat drill nobody attends</", await supervisor.GetStringAsync("/operations/trainings"));

        // A form-level check of the page itself (not a date) goes the same way.
        refused = await supervisor.PostFormAsync(trainings, "/operations/trainings", [
            new("Title", "Boat drill"), new("HeldAt", "next tuesday"), new("Participants", "bp.officer"),
        ]);
        html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("heldAt: is a date and time in UTC", html);

        // An alert condition with a quantity that is no number (a page that had its own catch helper before).
        var conditions = await supervisor.GetStringAsync("/alerts/conditions");
        refused = await supervisor.PostFormAsync(conditions, "/alerts/conditions?handler=Create", [
            new("name", "Refused condition"), new("minQuantity", "lots"), new("maxMarking", "TLP:RED"), new("purpose", "risk-analysis"), new("severity", "high"),
        ]);
        html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("'lots' is not a number.", html);
        Assert.DoesNotContain("Refused condition", await supervisor.GetStringAsync("/alerts/conditions"));
    }

    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_refused_list_filter_shows_beside_the_filters_and_a_missing_record_stays_not_found(string store)
    {
        await using var host = await CordonHost.StartAsync(store);
        var analyst = await PageSession.SignInAsync(host, "analyst");

        var response = await analyst.SendAsync(HttpMethod.Get, "/declarations?from=yesterday");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("'yesterday' is not a date (yyyy-MM-dd).", html);

        response = await analyst.SendAsync(HttpMethod.Get, $"/risk/criteria/{Guid.NewGuid()}/backtest");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
