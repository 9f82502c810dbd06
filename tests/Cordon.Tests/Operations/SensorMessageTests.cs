using Cordon.Operations.Detections;

namespace Cordon.Tests.Operations;

public sealed class SensorMessageTests
{
    private const string GoodCot = """
        <event version="2.0" uid="radar-7.obj-42" type="a-u-G" time="2026-11-22T10:00:00Z" start="2026-11-22T10:00:00Z" stale="2026-11-22T10:05:00Z" how="m-r">
          <point lat="51.45" lon="4.93" hae="9999999.0" ce="25" le="9999999.0"/>
          <detail><sensor id="radar-7"/></detail>
        </event>
        """;

    [Fact]
    public void Cot_event_is_read_with_its_point_and_times()
    {
        var m = Assert.Single(SensorMessages.ReadCot(GoodCot, "api"));
        Assert.True(m.Ok, string.Join("; ", m.Errors));
        var d = m.Detection!;
        Assert.Equal("radar-7.obj-42", d.SourceUid);
        Assert.Equal("a-u-G", d.Kind);
        Assert.Equal("m-r", d.How);
        Assert.Equal("radar-7", d.SensorId);
        Assert.Equal(51.45, d.Latitude);
        Assert.Equal(4.93, d.Longitude);
        Assert.Null(d.Hae); // 9999999 means unknown in CoT
        Assert.Equal(25, d.Ce);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero), d.ObservedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 10, 5, 0, TimeSpan.Zero), d.StaleAt);
    }

    [Theory]
    [InlineData("uid=\"radar-7.obj-42\" ", "", "event@uid")]
    [InlineData("time=\"2026-11-22T10:00:00Z\"", "time=\"yesterday\"", "event@time")]
    [InlineData("how=\"m-r\"", "", "event@how")]
    [InlineData("lat=\"51.45\"", "lat=\"151.45\"", "point@lat")]
    [InlineData("lon=\"4.93\"", "lon=\"east\"", "point@lon")]
    [InlineData("ce=\"25\"", "", "point@ce")]
    [InlineData("stale=\"2026-11-22T10:05:00Z\"", "stale=\"2026-11-22T09:05:00Z\"", "event@stale")]
    public void Malformed_cot_event_is_refused_naming_the_field(string from, string to, string field)
    {
        var m = Assert.Single(SensorMessages.ReadCot(GoodCot.Replace(from, to, StringComparison.Ordinal), "api"));
        Assert.False(m.Ok);
        Assert.Contains(m.Errors, e => e.StartsWith(field, StringComparison.Ordinal));
        Assert.Contains("<event", m.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_xml_is_refused_whole_and_kept()
    {
        var m = Assert.Single(SensorMessages.ReadCot("<event uid='x'><point", "api"));
        Assert.False(m.Ok);
        Assert.StartsWith("xml:", m.Errors[0], StringComparison.Ordinal);
        Assert.Equal("<event uid='x'><point", m.Raw);
    }

    [Fact]
    public void Batch_of_cot_events_keeps_the_good_ones()
    {
        var body = $"<events>{GoodCot}{GoodCot.Replace("lat=\"51.45\"", "", StringComparison.Ordinal)}</events>";
        var list = SensorMessages.ReadCot(body, "api");
        Assert.Equal(2, list.Count);
        Assert.True(list[0].Ok);
        Assert.False(list[1].Ok);
        Assert.Equal(1, list[1].Position);
    }

    [Fact]
    public void Geojson_point_features_are_read_and_bad_ones_name_the_field()
    {
        var body = """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","id":"cam-3.p1","geometry":{"type":"Point","coordinates":[4.93,51.45,12]},"properties":{"time":"2026-11-22T10:00:00Z","sensor":"cam-3","kind":"person","object":"cam-3.o7"}},
              {"type":"Feature","id":"cam-3.p2","geometry":{"type":"Point","coordinates":[51.45,4.93]},"properties":{"sensor":"cam-3"}},
              {"type":"Feature","id":"cam-3.p3","geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]},"properties":{"time":"2026-11-22T10:00:00Z"}},
              {"type":"Feature","id":"cam-3.p4","geometry":{"type":"Point","coordinates":[4.93,95]},"properties":{"time":"2026-11-22T10:00:00Z"}}
            ]}
            """;
        var list = SensorMessages.ReadGeoJson(body, "api");
        Assert.Equal(4, list.Count);
        Assert.True(list[0].Ok);
        Assert.Equal(("cam-3", "cam-3.o7", "cam-3.p1", "person", 12.0), (list[0].Detection!.SensorId, list[0].Detection!.SourceUid, list[0].Detection!.MessageId, list[0].Detection!.Kind, list[0].Detection!.Hae));
        Assert.Equal("cam-3|cam-3.p1|" + new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero).UtcTicks, list[0].Detection!.SourceKey);
        Assert.Contains(list[1].Errors, e => e.StartsWith("features[1].properties.time", StringComparison.Ordinal));
        Assert.Contains(list[2].Errors, e => e.StartsWith("features[2].geometry.type", StringComparison.Ordinal));
        Assert.Contains(list[3].Errors, e => e.StartsWith("features[3].geometry.coordinates[1]", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_json_is_refused_whole()
    {
        var m = Assert.Single(SensorMessages.ReadGeoJson("{\"type\":", "api"));
        Assert.False(m.Ok);
        Assert.StartsWith("json:", m.Errors[0], StringComparison.Ordinal);
    }
}
