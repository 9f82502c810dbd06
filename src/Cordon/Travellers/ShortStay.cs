using Microsoft.Extensions.Configuration;

namespace Cordon.Travellers;

/// <summary>
/// The short-stay rule (<c>Cordon:Travellers:ShortStay</c>): a traveller of a nationality under the rule may
/// be present at most <see cref="Days"/> days in any <see cref="WindowDays"/>-day period; the days of entry
/// and exit both count. The Schengen 90 days in any 180 is the default; nationalities in
/// <see cref="Exempt"/> (the state's own, free movement) are not under it.
/// </summary>
public sealed class ShortStayRule
{
    public int Days { get; set; } = 90;
    public int WindowDays { get; set; } = 180;
    /// <summary>ICAO/ISO alpha-3 nationalities the rule does not apply to.</summary>
    public string[] Exempt { get; set; } = [];

    public static ShortStayRule From(IConfiguration configuration)
    {
        var rule = configuration.GetSection("Cordon:Travellers:ShortStay").Get<ShortStayRule>() ?? new ShortStayRule();
        rule.Validate();
        return rule;
    }

    /// <summary>Checked at start: a rule that cannot be applied stops the server with the setting named.</summary>
    public void Validate()
    {
        if (Days < 1 || WindowDays < Days || WindowDays > 3660)
        {
            throw new InvalidOperationException($"Cordon:Travellers:ShortStay: Days ({Days}) must be at least 1 and WindowDays ({WindowDays}) between Days and 3660.");
        }
        if (Exempt.FirstOrDefault(n => !MrzReader.IsKnownState(n.Trim().ToUpperInvariant())) is { } bad)
        {
            throw new InvalidOperationException($"Cordon:Travellers:ShortStay:Exempt: '{bad}' is not an ICAO or ISO 3166-1 alpha-3 code.");
        }
    }

    public bool Applies(string? nationality) => nationality is not null && !Exempt.Contains(nationality, StringComparer.OrdinalIgnoreCase);
}

public static class CrossingKinds
{
    public const string Entry = "entry";
    public const string Exit = "exit";
    public const string Refusal = "refusal";

    public static readonly IReadOnlyList<string> All = [Entry, Exit, Refusal];
}

/// <summary>
/// A traveller's stay under the rule on <see cref="AsOf"/>: whether they are in the country, the days used in
/// the window ending that day, the last day they may leave without overstaying, and any overstay — or the
/// overstay a planned departure would make.
/// </summary>
public sealed record StayResult(
    bool UnderRule,
    bool InCountry,
    DateOnly AsOf,
    DateOnly? EnteredOn,
    int DaysUsed,
    int DaysLeft,
    DateOnly? LatestExit,
    bool Overstayed,
    DateOnly? OverstayedSince,
    int OverstayDays,
    DateOnly? PlannedExit,
    bool WouldOverstay,
    string Summary)
{
    /// <summary>In the country now with more days used than the rule allows: immigration's list.</summary>
    public bool OverstayingNow => UnderRule && InCountry && Overstayed && DaysLeft == 0 && LatestExit is null;
}

/// <summary>
/// Computes stays from crossings. Presence runs from each entry day to the next exit day (both counted);
/// an entry without an exit runs on to the day asked about (or the planned exit). Refusals are not entries.
/// One pass over the days with a running window sum: a traveller with 200 crossings over years is a few
/// thousand days, well under a millisecond.
/// </summary>
public static class StayCalculator
{
    public static StayResult Compute(IEnumerable<(DateOnly Day, string Kind)> crossings, string? nationality, DateOnly asOf, ShortStayRule rule, DateOnly? plannedExit = null)
    {
        var ordered = crossings.Where(c => c.Kind != CrossingKinds.Refusal).OrderBy(c => c.Day).ToList();
        if (!rule.Applies(nationality))
        {
            var inside = ordered.Count > 0 && ordered[^1].Kind == CrossingKinds.Entry;
            return new StayResult(false, inside, asOf, inside ? ordered[^1].Day : null, 0, 0, null, false, null, 0, plannedExit, false,
                $"{nationality ?? "unknown nationality"}: not under the short-stay rule.");
        }
        // Presence intervals, entry to exit; a second entry without an exit between continues the stay.
        var intervals = new List<(DateOnly From, DateOnly? To)>();
        DateOnly? open = null;
        foreach (var (day, kind) in ordered)
        {
            if (kind == CrossingKinds.Entry)
            {
                open ??= day;
            }
            else if (open is { } from)
            {
                intervals.Add((from, day));
                open = null;
            }
        }
        var inCountry = open is not null;
        var horizon = plannedExit is { } p && p > asOf ? p : asOf;
        // Far enough ahead to find the last permitted day of a stay still running.
        var end = inCountry ? horizon.AddDays(rule.Days + 1) : horizon;
        if (open is { } still)
        {
            intervals.Add((still, null));
        }
        if (intervals.Count == 0)
        {
            return new StayResult(true, false, asOf, null, 0, rule.Days, null, false, null, 0, plannedExit, false, $"No stay recorded: {rule.Days} days available in any {rule.WindowDays}.");
        }
        var start = intervals[0].From;
        if (end < start)
        {
            end = start;
        }
        var length = end.DayNumber - start.DayNumber + 1;
        var present = new bool[length];
        foreach (var (from, to) in intervals)
        {
            var last = (to ?? end).DayNumber - start.DayNumber;
            for (var d = from.DayNumber - start.DayNumber; d <= last && d < length; d++)
            {
                present[d] = true;
            }
        }
        // count[d]: days present in the window of WindowDays ending on day d.
        var count = new int[length];
        var running = 0;
        for (var d = 0; d < length; d++)
        {
            running += present[d] ? 1 : 0;
            if (d >= rule.WindowDays && present[d - rule.WindowDays])
            {
                running--;
            }
            count[d] = running;
        }
        int Index(DateOnly day) => day.DayNumber - start.DayNumber;
        var today = Index(asOf);
        var used = today >= 0 && today < length ? count[today] : 0;
        DateOnly? since = null;
        var overstayDays = 0;
        for (var d = 0; d <= Math.Min(today, length - 1); d++)
        {
            if (present[d] && count[d] > rule.Days)
            {
                since ??= start.AddDays(d);
                overstayDays++;
            }
        }
        var wouldOverstay = false;
        if (plannedExit is { } planned && planned > asOf)
        {
            for (var d = Math.Max(today + 1, 0); d <= Math.Min(Index(planned), length - 1); d++)
            {
                wouldOverstay |= present[d] && count[d] > rule.Days;
            }
        }
        DateOnly? latestExit = null;
        if (inCountry && today >= 0 && count[today] <= rule.Days)
        {
            var d = today;
            while (d + 1 < length && count[d + 1] <= rule.Days)
            {
                d++;
            }
            latestExit = start.AddDays(d);
        }
        var enteredOn = inCountry ? intervals[^1].From : (DateOnly?)null;
        var overstayed = since is not null;
        var summary = overstayed
            ? $"Overstayed: {overstayDays} day(s) beyond {rule.Days} in {rule.WindowDays}, since {since:yyyy-MM-dd}."
            : wouldOverstay
                ? $"Would overstay: leaving on {plannedExit:yyyy-MM-dd} exceeds {rule.Days} days in {rule.WindowDays}; latest exit {latestExit:yyyy-MM-dd}."
                : inCountry
                    ? $"In the country since {enteredOn:yyyy-MM-dd}: {used} of {rule.Days} days used; leave by {latestExit:yyyy-MM-dd}."
                    : $"{used} of {rule.Days} days used in the {rule.WindowDays} days to {asOf:yyyy-MM-dd}.";
        return new StayResult(true, inCountry, asOf, enteredOn, used, Math.Max(0, rule.Days - used), latestExit, overstayed, since, overstayDays,
            plannedExit, wouldOverstay, summary);
    }
}
