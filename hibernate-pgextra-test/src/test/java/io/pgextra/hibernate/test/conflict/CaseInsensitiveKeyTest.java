package io.pgextra.hibernate.test.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictResult;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.RowOutcome;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.conflict.model.Tally;
import io.pgextra.hibernate.test.conflict.model.UuidRef;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A key column with a case-insensitive (non-deterministic) collation: 'B' conflicts with the stored 'b', which Java's
 * equality cannot tell, so the database matches the written rows to the input (a join on the key). The same for a
 * String attribute on a uuid column: the database reads an upper-case uuid back in lower case.
 */
class CaseInsensitiveKeyTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Tally.class, UuidRef.class );

	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );

	@BeforeAll
	static void caseInsensitiveName() {
		// before the first call of this factory reads the catalog
		db.execute( "CREATE COLLATION pgx_ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false)" );
		db.execute( "ALTER TABLE tally ALTER COLUMN name TYPE text COLLATE pgx_ci" );
	}

	private static Map<String, Object> row(String name) {
		return Map.of( "name", name, "hits", 1, "label", "new" );
	}

	@Test
	void rowsThatDifferOnlyInCaseFromTheStoredOnesGetTheStoredRows() {
		db.execute( "TRUNCATE tally" );
		db.execute( "INSERT INTO tally (id, name, hits, label, version) VALUES (101, 'b', 0, 'old', 0), (102, 'd', 0, 'old', 0)" );
		db.clearSql();
		for ( ConflictAction action : ConflictAction.values() ) {
			List<ConflictResult> got = db.fromTransaction( em -> PgExtraEntityManager.of( em )
					.onConflict( Tally.class, NAME, action ).bulkInsertMapsForResults( List.of(
							row( "D" ), row( "a" ), row( "B" ) ) ) );
			assertThat( got ).as( action.name() ).extracting( ConflictResult::id ).containsExactly( 102L,
					db.rows( "SELECT id FROM tally WHERE name = 'a'" ).get( 0 ).get( "id" ), 101L );
			assertThat( got.get( 0 ).outcome() ).as( action.name() )
					.isEqualTo( action == ConflictAction.UPDATE ? RowOutcome.UPDATED : RowOutcome.UNCHANGED );
		}
		assertThat( db.sql().stream().filter( s -> s.contains( "ON CONFLICT" ) ) ).allMatch( s -> s.contains( "LEFT JOIN pgx_in" ) );
		assertThat( db.count( "tally" ) ).isEqualTo( 3 );
	}

	@Test
	void aStringOnAUuidColumnGivenInUpperCaseGetsTheStoredRow() {
		String a = "0e5c2f7a-1d8b-4c3e-9f6a-2b7d8e9f0a1b";
		String b = "7f3e2d1c-0b9a-4876-8543-210fedcba987";
		db.execute( "INSERT INTO uuidref (id, ref, label) VALUES (201, '" + a + "', 'old'), (202, '" + b + "', 'old')" );
		db.clearSql();
		List<ConflictResult> got = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( UuidRef.class, ConflictTarget.attributes( "ref" ), ConflictAction.UPDATE )
				.bulkInsertMapsForResults( List.of( Map.of( "ref", b.toUpperCase(), "label", "new" ),
						Map.of( "ref", "11111111-2222-4333-8444-555555555555", "label", "new" ),
						Map.of( "ref", a.toUpperCase(), "label", "new" ) ) ) );
		assertThat( got ).extracting( ConflictResult::outcome ).containsExactly( RowOutcome.UPDATED,
				RowOutcome.INSERTED, RowOutcome.UPDATED );
		assertThat( got.get( 0 ).id() ).isEqualTo( 202L );
		assertThat( got.get( 2 ).id() ).isEqualTo( 201L );
		assertThat( db.sql().stream().filter( s -> s.contains( "ON CONFLICT" ) ) ).allMatch( s -> s.contains( "LEFT JOIN pgx_in" ) );
		assertThat( db.count( "uuidref WHERE label = 'new'" ) ).isEqualTo( 3 );
	}
}
