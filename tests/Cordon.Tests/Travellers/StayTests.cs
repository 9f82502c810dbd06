using Cordon.Travellers;

namespace Cordon.Tests.Travellers;

/// <summary>The short-stay rule (90 days in any 180 by default) computed from crossings.</summary>
public sealed class StayTests
{
    private static readonly ShortStayRule Schengen = new() { Exempt = ["NLD"] };

    private static (DateOnly, string) In(int year, int month, int day) => (new DateOnly(year, month, day), CrossingKinds.Entry);

    private static (DateOnly, string) Out(int year, int month, int day) => (new DateOnly(year, month, day), CrossingKinds.Exit);

    [Fact]
    public void Ninety_days_counting_the_days_of_entry_and_exit_is_allowed_and_ninety_one_is_an_overstay()
    {
        var ninety = StayCalculator.Compute([In(2026, 1, 1), Out(2026, 3, 31)], "USA", new DateOnly(2026, 4, 10), Schengen);
        Assert.Equal((false, 90, false), (ninety.Overstayed, ninety.DaysUsed, ninety.InCountry));

        var ninetyOne = StayCalculator.Compute([In(2026, 1, 1), Out(2026, 4, 1)], "USA", new DateOnly(2026, 4, 10), Schengen);
        Assert.Equal((true, new DateOnly(2026, 4, 1), 1), (ninetyOne.Overstayed, ninetyOne.OverstayedSince, ninetyOne.OverstayDays));
        Assert.False(ninetyOne.OverstayingNow); // gone since: not on immigration's list of people in the country
    }

    [Fact]
    public void Stays_add_up_over_any_180_day_window_and_days_older_than_the_window_no_longer_count()
    {
        // 60 days in January-March, 31 in May: 91 in the window ending 31 May.
        var crossings = new[] { In(2026, 1, 10), Out(2026, 3, 10), In(2026, 5, 1), Out(2026, 5, 31) };
        var stay = StayCalculator.Compute(crossings, "BRA", new DateOnly(2026, 6, 1), Schengen);
        Assert.Equal((true, new DateOnly(2026, 5, 31)), (stay.Overstayed, stay.OverstayedSince));

        // By 8 September the January days have left the window: 31 used.
        var later = StayCalculator.Compute(crossings, "BRA", new DateOnly(2026, 9, 8), Schengen);
        Assert.Equal(31, later.DaysUsed);
    }

    [Fact]
    public void A_traveller_in_the_country_is_told_the_last_day_to_leave_and_a_later_planned_departure_would_overstay()
    {
        var stay = StayCalculator.Compute([In(2026, 10, 1)], "USA", new DateOnly(2026, 11, 1), Schengen, plannedExit: new DateOnly(2027, 1, 15));
        Assert.Equal((true, 32, new DateOnly(2026, 12, 29)), (stay.InCountry, stay.DaysUsed, stay.LatestExit));
        Assert.True(stay.WouldOverstay);
        Assert.False(stay.Overstayed);

        var inTime = StayCalculator.Compute([In(2026, 10, 1)], "USA", new DateOnly(2026, 11, 1), Schengen, plannedExit: new DateOnly(2026, 12, 29));
        Assert.False(inTime.WouldOverstay);
    }

    [Fact]
    public void Someone_still_in_the_country_past_the_allowance_is_overstaying_now_and_refusals_are_not_stays()
    {
        var stay = StayCalculator.Compute([(new DateOnly(2026, 6, 1), CrossingKinds.Refusal), In(2026, 7, 1)], "IND", new DateOnly(2026, 10, 15), Schengen);
        Assert.True(stay.OverstayingNow);
        Assert.Equal((107, new DateOnly(2026, 9, 29), 17), (stay.DaysUsed, stay.OverstayedSince, stay.OverstayDays));
        Assert.Null(stay.LatestExit);
    }

    [Fact]
    public void Nationalities_exempt_from_the_rule_have_no_stay_limit()
    {
        var stay = StayCalculator.Compute([In(2025, 1, 1)], "NLD", new DateOnly(2026, 10, 15), Schengen);
        Assert.Equal((false, false, true), (stay.UnderRule, stay.Overstayed, stay.InCountry));
    }

    [Fact]
    public void A_configured_rule_applies_its_own_days_and_window()
    {
        var thirtyInSixty = new ShortStayRule { Days = 30, WindowDays = 60 };
        var stay = StayCalculator.Compute([In(2026, 1, 1), Out(2026, 1, 31)], "USA", new DateOnly(2026, 2, 1), thirtyInSixty);
        Assert.Equal((true, 31, 1), (stay.Overstayed, stay.DaysUsed, stay.OverstayDays));
        Assert.Throws<InvalidOperationException>(() => new ShortStayRule { Days = 90, WindowDays = 60 }.Validate());
        Assert.Throws<InvalidOperationException>(() => new ShortStayRule { Exempt = ["Holland"] }.Validate());
    }
    // Its speed (200 crossings, under 1 ms) is measured by bench/Travellers, not by a timed test.
}
