using Cordon.Cases;
using Cordon.Common;
using Cordon.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static Cordon.Tests.Cases.CaseWorld;

namespace Cordon.Tests.Storage;

public sealed class ColumnLimitsTests
{
    [Theory, MemberData(nameof(TestStore.Both), MemberType = typeof(TestStore))]
    public async Task A_text_longer_than_its_column_is_refused_by_field_on_both_stores_and_nothing_is_stored(string store)
    {
        await using var s = await StoreAsync(store);
        var (officer, _) = await OfficersAsync(s);
        var office = new string('X', 40); // the seizure's office column keeps 35
        await using var db = s.Open();
        var refused = await Assert.ThrowsAsync<ValidationFailed>(() => Seizures.CreateAsync(db, officer, Seizure() with { Office = office }, Ct));
        var message = Assert.Single(refused.Errors["office"]);
        Assert.Equal("The Seizure office has 40 characters; at most 35 are kept.", message);
        await using var fresh = s.Open();
        Assert.False(await fresh.Seizures.AnyAsync(Ct));
        Assert.False(await fresh.AuditEntries.AnyAsync(e => e.Action == "seizure.create", Ct));

        // The same seizure with an office that fits is stored: the refusal was about the length alone.
        await using var again = s.Open();
        var stored = await Seizures.CreateAsync(again, officer, Seizure() with { Office = office[..35] }, Ct);
        Assert.Equal(office[..35], stored.Office);
    }
}
