package io.pgextra.hibernate.test.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.conflict.model.Tally;

import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A value takes the same conversion on every path (one row, a bulk call bound as arrays, a bulk call bound value by
 * value): Hibernate's, lossless or rejected. A rejected value names the entity, the attribute, the row and the value's
 * type, before anything is written.
 */
class ConversionTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Tally.class );

	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );
	private static final String TALLY = "entity 'io.pgextra.hibernate.test.conflict.model.Tally'";

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE tally" );
	}

	/** rows(n, attribute, value): n rows, the last one giving {@code value}, the others a valid value of the attribute. */
	private static List<Map<String, Object>> rows(int n, String attribute, Object value, Object valid) {
		List<Map<String, Object>> rows = new ArrayList<>();
		for ( int i = 0; i < n; i++ ) {
			Map<String, Object> row = new HashMap<>();
			row.put( "name", "n" + i );
			row.put( attribute, i == n - 1 ? value : valid );
			rows.add( row );
		}
		return rows;
	}

	private void rejected(String attribute, Object value, Object valid, String type) {
		for ( int n : new int[] { 1, 3 } ) {
			assertThatThrownBy( () -> db.inTransaction( em -> PgExtraEntityManager.of( em )
					.bulkUpsertMaps( Tally.class, NAME, rows( n, attribute, value, valid ) ) ) )
					.as( n + " rows" )
					.isInstanceOf( IllegalArgumentException.class )
					.hasMessageStartingWith( "Row " + ( n - 1 ) + " of the insert into " + TALLY + ": attribute '"
							+ attribute + "' is given a " + type );
			assertThatThrownBy( () -> db.inTransaction( em -> PgExtraEntityManager.of( em )
					.upsert( Tally.class, NAME, rows( 1, attribute, value, valid ).get( 0 ) ) ) )
					.isInstanceOf( IllegalArgumentException.class )
					.hasMessageStartingWith( "Row 0 of the insert into " + TALLY + ": attribute '" + attribute
							+ "' is given a " + type );
		}
		assertThat( db.count( "tally" ) ).isZero();
	}

	@Test
	void aLongOutOfRangeOfAnIntIsRejectedNotWrapped() {
		rejected( "hits", 5_000_000_000L, 1, "java.lang.Long (5000000000)" );
	}

	@Test
	void aFractionalDoubleIsRejectedForAnIntAndALong() {
		rejected( "hits", 1.7, 1, "java.lang.Double (1.7)" );
		rejected( "total", 2.9, 1L, "java.lang.Double (2.9)" );
	}

	@Test
	void anIntegerOrAStringIsRejectedForAnEnumOnEveryPath() {
		rejected( "mood", 1, io.pgextra.hibernate.test.model.Mood.HAPPY, "java.lang.Integer (1)" );
		rejected( "mood", "SAD", io.pgextra.hibernate.test.model.Mood.HAPPY, "java.lang.String ('SAD')" );
	}

	@Test
	void aTextThatIsNotANumberIsRejectedWithItsCause() {
		assertThatThrownBy( () -> db.inTransaction( em -> PgExtraEntityManager.of( em )
				.bulkUpsertMaps( Tally.class, NAME, rows( 3, "hits", "abc", 1 ) ) ) )
				.hasMessageContaining( "is given a java.lang.String ('abc'), which does not convert exactly to its type" )
				.hasMessageContaining( "For input string: \"abc\"" )
				.hasMessageContaining( "Give a java.lang.Integer" );
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 3, 2_500 })
	void losslessConversionsAreTheSameOnEveryPath(int n) {
		// an Integer for a Long, a whole Double for an int, a BigDecimal-valued Long for numeric
		List<Map<String, Object>> rows = new ArrayList<>();
		for ( int i = 0; i < n; i++ ) {
			rows.add( Map.of( "name", "n" + i, "hits", 2.0, "total", 7, "amount", 3L ) );
		}
		db.inTransaction( em -> PgExtraEntityManager.of( em ).bulkUpsertMaps( Tally.class, NAME, rows ) );
		assertThat( db.rows( "SELECT count(*) AS n, min(hits) AS h, max(hits) AS hh, min(total) AS t, max(amount) AS a"
				+ " FROM tally" ) ).containsExactly( Map.of( "n", (long) n, "h", 2, "hh", 2, "t", 7L,
						"a", new java.math.BigDecimal( "3.00" ) ) );
	}

	@Test
	void aNulCharacterNamesTheAttributeAndTheRow() {
		for ( int n : new int[] { 1, 3 } ) {
			assertThatThrownBy( () -> db.inTransaction( em -> PgExtraEntityManager.of( em )
					.bulkUpsertMaps( Tally.class, NAME, rows( n, "label", "a\u0000b", "ok" ) ) ) )
					.isInstanceOf( IllegalArgumentException.class )
					.hasMessageStartingWith( "Row " + ( n - 1 ) + " of the insert into " + TALLY
							+ ": attribute 'label' is given a String with a NUL character (\\u0000) at position 1" );
		}
		assertThat( db.count( "tally" ) ).isZero();
	}

	@Test
	void aKilledBackendIsAJdbcConnectionException() {
		assertThatThrownBy( () -> db.inTransaction( em -> {
			Object pid = em.createNativeQuery( "SELECT pg_backend_pid()" ).getSingleResult();
			db.execute( "SELECT pg_terminate_backend(" + pid + ")" );
			PgExtraEntityManager.of( em ).upsert( Tally.class, NAME, Map.of( "name", "a", "hits", 1 ) );
		} ) ).isInstanceOf( JDBCConnectionException.class );
		assertThatThrownBy( () -> db.inTransaction( em -> {
			Object pid = em.createNativeQuery( "SELECT pg_backend_pid()" ).getSingleResult();
			db.execute( "SELECT pg_terminate_backend(" + pid + ")" );
			PgExtraEntityManager.of( em ).bulkUpsertMaps( Tally.class, NAME, rows( 3, "hits", 1, 1 ) );
		} ) ).isInstanceOf( JDBCConnectionException.class );
	}
}
