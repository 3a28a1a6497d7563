package io.pgextra.hibernate.test.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictResult;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.RowOutcome;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.conflict.model.Tally;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rows whose conflict key contains NULL never conflict; they go in one statement per chunk, not one each. */
class NullKeyRowsTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Tally.class );

	private static final ConflictTarget LABEL = ConflictTarget.attributes( "label" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE tally" );
		db.execute( "CREATE UNIQUE INDEX IF NOT EXISTS tally_label_key ON tally (label)" );
	}

	private static List<Map<String, Object>> rows(int nulls, int labelled) {
		List<Map<String, Object>> rows = new ArrayList<>();
		for ( int i = 0; i < nulls + labelled; i++ ) {
			Map<String, Object> row = new HashMap<>();
			row.put( "name", "n" + i );
			row.put( "label", i % 2 == 0 && i / 2 < labelled ? "l" + i : null ); // interleaved
			row.put( "hits", i );
			rows.add( row );
		}
		return rows;
	}

	private static long inserts() {
		return db.sql().stream().filter( sql -> sql.contains( "INSERT INTO" ) ).count();
	}

	@Test
	void fiftyRowsWithANullKeyAreOneStatementAndComeBackInInputOrder() {
		db.execute( "INSERT INTO tally (id, name, label, hits, version) VALUES (999999, 'old', 'l0', 0, 0)" );
		List<Map<String, Object>> rows = rows( 50, 10 );
		db.clearSql();
		List<ConflictResult> results = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( Tally.class, LABEL, ConflictAction.UPDATE ).bulkInsertMapsForResults( rows ) );
		assertThat( inserts() ).isEqualTo( 2 ); // one for the keyed rows, one for the 50 with a NULL key
		Map<Object, Object> idByName = new HashMap<>();
		db.rows( "SELECT id, name FROM tally" ).forEach( r -> idByName.put( r.get( "name" ), r.get( "id" ) ) );
		assertThat( db.count( "tally" ) ).isEqualTo( 60 ); // 'old' was updated into n0
		for ( int i = 0; i < rows.size(); i++ ) {
			assertThat( ( (Number) results.get( i ).id() ).longValue() ).as( "row " + i )
					.isEqualTo( ( (Number) idByName.get( "n" + i ) ).longValue() );
			assertThat( results.get( i ).outcome() ).as( "row " + i )
					.isEqualTo( i == 0 ? RowOutcome.UPDATED : RowOutcome.INSERTED );
		}
	}

	@Test
	void underNothingTheNullKeyRowsAreOneStatementToo() {
		List<Map<String, Object>> rows = rows( 50, 0 );
		db.clearSql();
		List<Map<String, Object>> results = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( Tally.class, LABEL, ConflictAction.NOTHING ).bulkInsertMaps( rows ) );
		assertThat( inserts() ).isEqualTo( 1 );
		assertThat( db.count( "tally" ) ).isEqualTo( 50 );
		assertThat( results ).extracting( r -> r.get( "name" ) ).containsExactlyElementsOf(
				rows.stream().map( r -> r.get( "name" ) ).toList() );
	}
}
