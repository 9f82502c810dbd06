using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RiskModel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "lane_decisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DeclarationId = table.Column<Guid>(type: "uuid", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Office = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    DeclarationNumber = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    LodgedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Lane = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    RandomPick = table.Column<bool>(type: "boolean", nullable: false),
                    Forced = table.Column<bool>(type: "boolean", nullable: false),
                    ModelVersion = table.Column<int>(type: "integer", nullable: true),
                    Probability = table.Column<double>(type: "double precision", nullable: true),
                    ExpectedRevenue = table.Column<double>(type: "double precision", nullable: true),
                    CriteriaScore = table.Column<double>(type: "double precision", nullable: false),
                    Priority = table.Column<double>(type: "double precision", nullable: false),
                    Referrals = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Explanation = table.Column<string>(type: "text", nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DecidedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lane_decisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_lane_decisions_declarations_DeclarationId",
                        column: x => x.DeclarationId,
                        principalTable: "declarations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "office_capacities",
                columns: table => new
                {
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Office = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RedPerDay = table.Column<int>(type: "integer", nullable: false),
                    YellowPerDay = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_office_capacities", x => new { x.OwningAgencyId, x.Office });
                });

            migrationBuilder.CreateTable(
                name: "risk_models",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Algorithm = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    TrainFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    TrainUntil = table.Column<DateOnly>(type: "date", nullable: false),
                    TrainingRows = table.Column<int>(type: "integer", nullable: false),
                    TrainingIrregular = table.Column<int>(type: "integer", nullable: false),
                    Features = table.Column<string>(type: "text", nullable: false),
                    Evaluation = table.Column<string>(type: "text", nullable: true),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    TrainingSeconds = table.Column<double>(type: "double precision", nullable: false),
                    ModelBytes = table.Column<byte[]>(type: "bytea", nullable: false),
                    TrainedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    TrainedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_models", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_lane_decisions_DeclarationId",
                table: "lane_decisions",
                column: "DeclarationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_lane_decisions_OwningAgencyId_Lane_LodgedOn",
                table: "lane_decisions",
                columns: new[] { "OwningAgencyId", "Lane", "LodgedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_lane_decisions_OwningAgencyId_Office_LodgedOn",
                table: "lane_decisions",
                columns: new[] { "OwningAgencyId", "Office", "LodgedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_risk_models_OwningAgencyId_Active",
                table: "risk_models",
                columns: new[] { "OwningAgencyId", "Active" });

            migrationBuilder.CreateIndex(
                name: "IX_risk_models_OwningAgencyId_Version",
                table: "risk_models",
                columns: new[] { "OwningAgencyId", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "lane_decisions");

            migrationBuilder.DropTable(
                name: "office_capacities");

            migrationBuilder.DropTable(
                name: "risk_models");
        }
    }
}
