using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Measures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "measures",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Reference = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Objective = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Caveats = table.Column<int>(type: "integer", nullable: false),
                    Offices = table.Column<string>(type: "text", nullable: false),
                    HsPrefixes = table.Column<string>(type: "text", nullable: false),
                    Origins = table.Column<string>(type: "text", nullable: false),
                    Traders = table.Column<string>(type: "text", nullable: false),
                    Routes = table.Column<string>(type: "text", nullable: false),
                    CriteriaIds = table.Column<string>(type: "text", nullable: false),
                    OperationIds = table.Column<string>(type: "text", nullable: false),
                    PatrolIds = table.Column<string>(type: "text", nullable: false),
                    StartsOn = table.Column<DateOnly>(type: "date", nullable: false),
                    EndsOn = table.Column<DateOnly>(type: "date", nullable: false),
                    InterimReviewOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ExpectedEffect = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    ExpectedOutcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ExpectedPoints = table.Column<double>(type: "double precision", nullable: false),
                    Status = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_measures", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "measure_reviews",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MeasureId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Decision = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    ReviewedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ReviewedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EstimatePoints = table.Column<double>(type: "double precision", nullable: true),
                    LowPoints = table.Column<double>(type: "double precision", nullable: true),
                    HighPoints = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_measure_reviews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_measure_reviews_measures_MeasureId",
                        column: x => x.MeasureId,
                        principalTable: "measures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_measure_reviews_MeasureId_ReviewedAt",
                table: "measure_reviews",
                columns: new[] { "MeasureId", "ReviewedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_measures_OwningAgencyId_Marking_Caveats",
                table: "measures",
                columns: new[] { "OwningAgencyId", "Marking", "Caveats" });

            migrationBuilder.CreateIndex(
                name: "IX_measures_Reference",
                table: "measures",
                column: "Reference",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "measure_reviews");

            migrationBuilder.DropTable(
                name: "measures");
        }
    }
}
