package io.pgextra.hibernate.test.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
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

/**
 * Written rows come back without their input position; a text key is matched to the input in Java (no join in the
 * statement), and every row still gets its own row's id, in input order, under UPDATE and NOTHING alike.
 */
class KeyMatchTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Tally.class );

	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );

	@BeforeEach
	void seed() {
		db.execute( "TRUNCATE tally" );
		db.execute( "INSERT INTO tally (id, name, hits, label, version) VALUES (101, 'b', 0, 'old', 0), (102, 'd', 0, 'old', 0)" );
		db.clearSql();
	}

	private static Map<String, Object> row(String name, int hits) {
		return Map.of( "name", name, "hits", hits, "label", "new" );
	}

	private long id(String name) {
		return ( (Number) db.rows( "SELECT id FROM tally WHERE name = ?", name ).get( 0 ).get( "id" ) ).longValue();
	}

	private String upsertStatement() {
		return db.sql().stream().filter( s -> s.contains( "ON CONFLICT" ) ).reduce( ( a, b ) -> b ).orElseThrow();
	}

	@Test
	void updateReturnsEachRowsIdInInputOrderWithoutAJoin() {
		List<String> names = List.of( "e", "d", "a", "c", "b", "f" ); // not in key order
		List<Map<String, Object>> rows = new ArrayList<>();
		for ( int i = 0; i < names.size(); i++ ) {
			rows.add( row( names.get( i ), i ) );
		}
		List<ConflictResult> got = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( Tally.class, NAME, ConflictAction.UPDATE ).bulkInsertMapsForResults( rows ) );
		assertThat( upsertStatement() ).contains( "CAST(NULL AS bigint) AS pgx_ord FROM pgx_up" )
				.doesNotContain( "LEFT JOIN" );
		for ( int i = 0; i < names.size(); i++ ) {
			assertThat( got.get( i ).id() ).as( names.get( i ) ).isEqualTo( id( names.get( i ) ) );
			assertThat( got.get( i ).outcome() ).as( names.get( i ) ).isEqualTo(
					names.get( i ).equals( "b" ) || names.get( i ).equals( "d" ) ? RowOutcome.UPDATED : RowOutcome.INSERTED );
		}
		assertThat( id( "b" ) ).isEqualTo( 101L );
		assertThat( db.count( "tally WHERE label = 'new'" ) ).isEqualTo( 6 );
	}

	@Test
	void nothingGivesRowsOfOneKeyTheSameRowAndLooksUpTheRowsLeftAlone() {
		List<ConflictResult> got = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( Tally.class, NAME, ConflictAction.NOTHING ).bulkInsertMapsForResults( List.of(
						row( "x", 1 ), row( "b", 2 ), row( "x", 3 ), row( "a", 4 ), row( "d", 5 ) ) ) );
		assertThat( upsertStatement() ).contains( "FOR SHARE OF pgx_e" ).doesNotContain( "LEFT JOIN" );
		assertThat( got ).extracting( ConflictResult::outcome ).containsExactly( RowOutcome.INSERTED,
				RowOutcome.UNCHANGED, RowOutcome.UNCHANGED, RowOutcome.INSERTED, RowOutcome.UNCHANGED );
		assertThat( got ).extracting( ConflictResult::id ).containsExactly( id( "x" ), 101L, id( "x" ), id( "a" ), 102L );
		assertThat( db.count( "tally" ) ).isEqualTo( 4 );
		assertThat( db.count( "tally WHERE label = 'old'" ) ).isEqualTo( 2 );
	}
}
