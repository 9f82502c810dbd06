using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Cordon.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Exercises : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "exercise_groups",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ExerciseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Umpire = table.Column<bool>(type: "boolean", nullable: false),
                    ParentAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    CellAgencyId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exercise_groups", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "exercise_injects",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ExerciseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    AtMinutes = table.Column<double>(type: "double precision", nullable: false),
                    GroupName = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Content = table.Column<string>(type: "text", nullable: false),
                    PlayedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RecordId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exercise_injects", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "exercise_lessons",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ExerciseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    ProcedureId = table.Column<Guid>(type: "uuid", nullable: true),
                    ResponsePlanId = table.Column<Guid>(type: "uuid", nullable: true),
                    ReviewBy = table.Column<DateOnly>(type: "date", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exercise_lessons", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "exercise_participants",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ExerciseId = table.Column<Guid>(type: "uuid", nullable: false),
                    GroupId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exercise_participants", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "exercises",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Reference = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Objective = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Scenario = table.Column<string>(type: "text", nullable: false),
                    ScenarioSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Caveats = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FinishedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exercises", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_exercise_groups_CellAgencyId",
                table: "exercise_groups",
                column: "CellAgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_exercise_groups_ExerciseId_Name",
                table: "exercise_groups",
                columns: new[] { "ExerciseId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_exercise_injects_ExerciseId_PlayedAt",
                table: "exercise_injects",
                columns: new[] { "ExerciseId", "PlayedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_exercise_injects_ExerciseId_Position",
                table: "exercise_injects",
                columns: new[] { "ExerciseId", "Position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_exercise_lessons_ExerciseId",
                table: "exercise_lessons",
                column: "ExerciseId");

            migrationBuilder.CreateIndex(
                name: "IX_exercise_participants_ExerciseId_UserId",
                table: "exercise_participants",
                columns: new[] { "ExerciseId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_exercise_participants_UserId_GroupId",
                table: "exercise_participants",
                columns: new[] { "UserId", "GroupId" });

            migrationBuilder.CreateIndex(
                name: "IX_exercises_OwningAgencyId_Status",
                table: "exercises",
                columns: new[] { "OwningAgencyId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_exercises_Reference",
                table: "exercises",
                column: "Reference",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "exercise_groups");

            migrationBuilder.DropTable(
                name: "exercise_injects");

            migrationBuilder.DropTable(
                name: "exercise_lessons");

            migrationBuilder.DropTable(
                name: "exercise_participants");

            migrationBuilder.DropTable(
                name: "exercises");
        }
    }
}
