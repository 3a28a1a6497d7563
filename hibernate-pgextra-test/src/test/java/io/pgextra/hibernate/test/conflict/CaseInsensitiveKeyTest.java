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

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A key column with a case-insensitive (non-deterministic) collation: 'B' conflicts with the stored 'b', which Java's
 * equality cannot tell, so the database matches the written rows to the input (a join on the key).
 */
class CaseInsensitiveKeyTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Tally.class );

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
}
