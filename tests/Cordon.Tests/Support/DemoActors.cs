using Cordon.Demo;
using Cordon.Identity;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Tests.Support;

/// <summary>Stores with the demo agencies and users, and those users as actors.</summary>
public static class DemoActors
{
    public static async Task<TestStore> SeededStoreAsync(string store)
    {
        var s = await TestStore.CreateAsync(store);
        await using var db = s.Open();
        await DemoSeed.SeedAsync(db, TestClock.Now, TestContext.Current.CancellationToken);
        return s;
    }

    public static async Task<Actor> ActorAsync(this TestStore s, string userName)
    {
        await using var db = s.Open();
        var u = await db.Users.SingleAsync(x => x.UserName == userName, TestContext.Current.CancellationToken);
        return new Actor(u.Id, u.AgencyId, u.Roles, u.UserName, ActorKind.User);
    }
}
