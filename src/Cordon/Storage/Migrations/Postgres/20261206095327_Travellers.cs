using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Travellers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "passenger_manifests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Caveats = table.Column<int>(type: "integer", nullable: false, defaultValue: 4),
                    Carrier = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    Transport = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    Mode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Vessel = table.Column<string>(type: "character varying(70)", maxLength: 70, nullable: true),
                    List = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Departure = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    DepartureDate = table.Column<DateOnly>(type: "date", nullable: false),
                    DepartureTime = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    Arrival = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    ArrivalTime = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    Route = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    MessageReference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    TravellerCount = table.Column<int>(type: "integer", nullable: false),
                    ContentHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    FirstReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_passenger_manifests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "passenger_manifest_versions",
                columns: table => new
                {
                    ManifestId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    MessageReference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ContentHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    Content = table.Column<string>(type: "text", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReceivedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Source = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_passenger_manifest_versions", x => new { x.ManifestId, x.Version });
                    table.ForeignKey(
                        name: "FK_passenger_manifest_versions_passenger_manifests_ManifestId",
                        column: x => x.ManifestId,
                        principalTable: "passenger_manifests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "travellers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ManifestId = table.Column<Guid>(type: "uuid", nullable: false),
                    ManifestVersion = table.Column<int>(type: "integer", nullable: false),
                    Seq = table.Column<int>(type: "integer", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Caveats = table.Column<int>(type: "integer", nullable: false, defaultValue: 4),
                    Carrier = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    Transport = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    DepartureDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Role = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Surname = table.Column<string>(type: "character varying(140)", maxLength: 140, nullable: false),
                    GivenNames = table.Column<string>(type: "character varying(140)", maxLength: 140, nullable: true),
                    Gender = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: true),
                    BirthDate = table.Column<DateOnly>(type: "date", nullable: true),
                    BirthPlace = table.Column<string>(type: "character varying(70)", maxLength: 70, nullable: true),
                    Nationality = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    ResidenceCountry = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    Address = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Embarkation = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    Debarkation = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    BookingReference = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    Seat = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    Bags = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_travellers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_travellers_passenger_manifests_ManifestId",
                        column: x => x.ManifestId,
                        principalTable: "passenger_manifests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "travel_documents",
                columns: table => new
                {
                    TravellerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Seq = table.Column<int>(type: "integer", nullable: false),
                    Type = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Number = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    IssuingState = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    Expiry = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_travel_documents", x => new { x.TravellerId, x.Seq });
                    table.ForeignKey(
                        name: "FK_travel_documents_travellers_TravellerId",
                        column: x => x.TravellerId,
                        principalTable: "travellers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_passenger_manifest_versions_ManifestId_MessageReference",
                table: "passenger_manifest_versions",
                columns: new[] { "ManifestId", "MessageReference" });

            migrationBuilder.CreateIndex(
                name: "IX_passenger_manifests_Carrier_Transport_DepartureDate_Departu~",
                table: "passenger_manifests",
                columns: new[] { "Carrier", "Transport", "DepartureDate", "Departure", "Arrival", "List" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_passenger_manifests_DepartureDate",
                table: "passenger_manifests",
                column: "DepartureDate");

            migrationBuilder.CreateIndex(
                name: "IX_passenger_manifests_OwningAgencyId_Marking_Caveats",
                table: "passenger_manifests",
                columns: new[] { "OwningAgencyId", "Marking", "Caveats" });

            migrationBuilder.CreateIndex(
                name: "IX_travel_documents_Number_IssuingState",
                table: "travel_documents",
                columns: new[] { "Number", "IssuingState" });

            migrationBuilder.CreateIndex(
                name: "IX_travellers_ManifestId_Seq",
                table: "travellers",
                columns: new[] { "ManifestId", "Seq" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_travellers_OwningAgencyId_Marking_Caveats",
                table: "travellers",
                columns: new[] { "OwningAgencyId", "Marking", "Caveats" });

            migrationBuilder.CreateIndex(
                name: "IX_travellers_Surname_BirthDate",
                table: "travellers",
                columns: new[] { "Surname", "BirthDate" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "passenger_manifest_versions");

            migrationBuilder.DropTable(
                name: "travel_documents");

            migrationBuilder.DropTable(
                name: "travellers");

            migrationBuilder.DropTable(
                name: "passenger_manifests");
        }
    }
}
