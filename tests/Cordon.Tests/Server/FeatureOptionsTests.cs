using Cordon.Tests.Support;
using Microsoft.Extensions.Options;

namespace Cordon.Tests.Server;

/// <summary>A feature's settings are checked when the server starts: a wrong value stops it, naming the key and what to use.</summary>
public sealed class FeatureOptionsTests
{
    [Theory]
    [InlineData("--Cordon:Jobs:Workers=100", "Cordon:Jobs:Workers is 100: use 0 to 64.")]
    [InlineData("--Cordon:Alerts:MaxAttempts=0", "Cordon:Alerts:MaxAttempts is 0: use 1 to 50.")]
    [InlineData("--Cordon:Federation:BatchSize=0", "Cordon:Federation:BatchSize is 0: use 1 to 10000.")]
    [InlineData("--Cordon:Resources:PolicyLapseAlertDays=400", "Cordon:Resources:PolicyLapseAlertDays is 400: use 0 to 366 days.")]
    [InlineData("--Operations:MinimumRestHours=100", "Operations:MinimumRestHours is 100: use 0 to 72.")]
    [InlineData("--Cordon:Exercises:RunnerSeconds=0", "Cordon:Exercises:RunnerSeconds is 0: use 1 to 3600.")]
    public async Task A_setting_out_of_range_stops_the_start_naming_its_key(string setting, string message)
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(async () => await (await CordonHost.StartAsync(TestStore.Sqlite, false, setting)).DisposeAsync());
        Assert.Contains(message, refused.Message);
    }

    [Theory]
    [InlineData("--Cordon:MaxRequestBodyBytes=0", "Cordon:MaxRequestBodyBytes is 0: use a number of bytes, 1 or more.")]
    [InlineData("--Cordon:Telemetry:MetricIntervalMilliseconds=10", "Cordon:Telemetry:MetricIntervalMilliseconds is 10: use 100 or more.")]
    public async Task A_setting_the_server_is_built_with_stops_it_before_it_starts(string setting, string message)
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(async () => await (await CordonHost.StartAsync(TestStore.Sqlite, false, setting)).DisposeAsync());
        Assert.Equal(message, refused.Message);
    }
}
