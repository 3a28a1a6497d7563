package io.pgextra.hibernate.test.conflict;

import static io.pgextra.hibernate.ConflictExpression.excluded;
import static io.pgextra.hibernate.ConflictExpression.existing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictResult;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.DuplicateConflictKeyException;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.RowOutcome;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.conflict.model.CopyTyped;
import io.pgextra.hibernate.test.model.Mood;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.RollbackException;

/**
 * A large call's chunks go through binary COPY into a temporary table (CopyInput): the same rows, results and
 * errors as the unnest path of a smaller call.
 */
class CopyInputTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( CopyTyped.class );

	/** The default threshold: a call of this many rows goes through COPY, a smaller one does not. */
	private static final int COPY_ROWS = io.pgextra.hibernate.ConflictSettings.DEFAULT_COPY_THRESHOLD;
	private static final ConflictTarget CODE = ConflictTarget.attributes( "code" );

	/** Every column but the identifier, as PostgreSQL prints it (timestamps in UTC). */
	private static final String ROWS_AS_TEXT = "SELECT code, small, medium, large, flag, ratio::text AS ratio,"
			+ " dbl::text AS dbl, amount::text AS amount, price::text AS price, body, ref::text AS ref,"
			+ " to_char(happened AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS happened,"
			+ " to_char(seen AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS seen, day::text AS day,"
			+ " to_char(stamp, 'YYYY-MM-DD HH24:MI:SS.US') AS stamp, mood FROM copytyped ORDER BY code";

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE copytyped" );
		db.execute( "ALTER TABLE copytyped DROP CONSTRAINT IF EXISTS copytyped_medium_check" );
		db.clearSql();
	}

	private static final String[] NUMERICS = { "0", "-0.5", "12345678901234567890.0123456789", "1E+5", "0.00001234",
			"-9999.9999", "1.50", "10000", "0.0001", "-1", "99999999.00000001", "3.14159265358979323846264338327950288" };
	private static final String[] TEXTS = { "héllo ✓ 𝄞", "", "plain", "tab\tand\nnewline", "'quote\" \\ back" };

	/** Row {@code i}: values of every type, edge values in the first rows, {@code NULL} in every nullable column of row 7. */
	private static Map<String, Object> row(int i) {
		Map<String, Object> row = new HashMap<>();
		row.put( "code", String.format( "k%06d", i ) );
		if ( i == 7 ) {
			for ( String a : List.of( "small", "medium", "large", "flag", "ratio", "dbl", "amount", "price", "body",
					"ref", "happened", "seen", "day", "stamp" ) ) {
				row.put( a, null );
			}
			return row;
		}
		row.put( "small", (short) ( i % 2 == 0 ? i % 32767 : -( i % 32768 ) ) );
		row.put( "medium", i % 3 == 0 ? Integer.MIN_VALUE + i : i * 7919 );
		row.put( "large", i % 5 == 0 ? Long.MAX_VALUE - i : -1L * i * 1_000_003L );
		row.put( "flag", i % 2 == 0 );
		row.put( "ratio", i == 1 ? Float.NaN : i == 2 ? Float.NEGATIVE_INFINITY : i / 3f );
		row.put( "dbl", i == 1 ? Double.POSITIVE_INFINITY : i == 2 ? -0.0 : i / 7.0 );
		row.put( "amount", new BigDecimal( NUMERICS[i % NUMERICS.length] ).add( i < NUMERICS.length ? BigDecimal.ZERO
				: BigDecimal.valueOf( i, 2 ) ) );
		row.put( "price", BigDecimal.valueOf( i * 1001L - 500_000, 3 ) );
		row.put( "body", TEXTS[i % TEXTS.length] + i );
		row.put( "ref", new UUID( i * 31L, -i ) );
		// nanoseconds: rounded to microseconds half up, as PostgreSQL rounds the text form
		int nanos = switch ( i % 4 ) {
			case 0 -> 123_456_500; // up
			case 1 -> 123_456_499; // down
			case 2 -> 999_999_500; // up into the next second
			default -> 0;
		};
		row.put( "happened", OffsetDateTime.of( 2024, 2, 29, 23, 59, 59, nanos, ZoneOffset.ofHours( i % 3 - 1 ) )
				.plusMinutes( i ) );
		row.put( "seen", Instant.ofEpochSecond( -86_400L * 365 * 40 + i * 3_601L, nanos ) ); // before 1970 too
		row.put( "day", LocalDate.of( 1999, 12, 31 ).plusDays( i - 5_000 ) );
		row.put( "stamp", LocalDateTime.of( 2000, 1, 1, 0, 0 ).plusSeconds( i * 17L - 100_000 ).withNano( nanos ) );
		return row;
	}

	private static List<Map<String, Object>> rows(int from, int to) {
		List<Map<String, Object>> rows = new ArrayList<>();
		for ( int i = from; i < to; i++ ) {
			rows.add( row( i ) );
		}
		// not in key order: the call sorts, results come back in input order
		Collections.shuffle( rows, new Random( 42 ) );
		return rows;
	}

	private long copies() {
		return db.sql().stream().filter( sql -> sql.startsWith( "CREATE TEMP TABLE pgx_copy_in" ) ).count();
	}

	private long statementsReadingTheCopy() {
		return db.sql().stream().filter( sql -> sql.contains( "FROM pg_temp.pgx_copy_in)" ) ).count();
	}

	private static List<ConflictResult> upsert(EntityManager em, List<Map<String, Object>> rows) {
		return PgExtraEntityManager.of( em ).onConflict( CopyTyped.class, CODE, ConflictAction.UPDATE )
				.bulkInsertMapsForResults( rows );
	}

	@Test
	void aCallOfSeveralCopyChunksReturnsEveryRowsIdInInputOrder() {
		// 2 x 20,000 + 1 rows: three COPY statements of 13,334 / 13,334 / 13,333 rows, half of the keys present
		int n = 2 * COPY_ROWS + 1;
		db.inTransaction( em -> upsert( em, rows( 0, n ).subList( 0, n / 2 ) ) );
		Map<String, Object> before = new HashMap<>();
		for ( Map<String, Object> r : db.rows( "SELECT code, id FROM copytyped" ) ) {
			before.put( (String) r.get( "code" ), r.get( "id" ) );
		}
		db.clearSql();
		List<Map<String, Object>> rows = rows( 0, n );
		List<ConflictResult> results = db.fromTransaction( em -> upsert( em, rows ) );
		assertThat( copies() ).isEqualTo( 3 );
		assertThat( statementsReadingTheCopy() ).isEqualTo( 3 );
		Map<String, Object> ids = new HashMap<>();
		for ( Map<String, Object> r : db.rows( "SELECT code, id FROM copytyped" ) ) {
			ids.put( (String) r.get( "code" ), r.get( "id" ) );
		}
		assertThat( ids ).hasSize( n );
		for ( int i = 0; i < n; i++ ) {
			String code = (String) rows.get( i ).get( "code" );
			assertThat( results.get( i ).id() ).as( "row %d", i ).isEqualTo( ids.get( code ) );
			assertThat( results.get( i ).outcome() ).as( "row %d", i )
					.isEqualTo( before.containsKey( code ) ? RowOutcome.UPDATED : RowOutcome.INSERTED );
			if ( before.containsKey( code ) ) {
				assertThat( ids.get( code ) ).as( "row %d kept its id", i ).isEqualTo( before.get( code ) );
			}
		}
	}

	@Test
	void everyEncodedTypeRoundTripsAsTheUnnestPathWritesIt() {
		List<Map<String, Object>> rows = rows( 0, COPY_ROWS );
		db.inTransaction( em -> upsert( em, rows ) );
		assertThat( copies() ).as( "COPY path" ).isEqualTo( 1 );
		assertThat( statementsReadingTheCopy() ).isEqualTo( 1 );
		List<Map<String, Object>> copied = db.rows( ROWS_AS_TEXT );

		db.execute( "TRUNCATE copytyped" );
		db.clearSql();
		db.inTransaction( em -> {
			// below the threshold: unnest
			upsert( em, rows.subList( 0, COPY_ROWS / 2 ) );
			upsert( em, rows.subList( COPY_ROWS / 2, COPY_ROWS ) );
		} );
		assertThat( copies() ).as( "unnest path" ).isZero();
		List<Map<String, Object>> unnested = db.rows( ROWS_AS_TEXT );
		assertThat( copied ).hasSize( COPY_ROWS );
		for ( int i = 0; i < COPY_ROWS; i++ ) {
			// timestamps aside: the unnest path truncates nanoseconds to microseconds (Hibernate's array binding)
			// where a value bound on its own is rounded half up by the driver, as PostgreSQL rounds its text
			// form; COPY rounds as the latter (compared below with single-row upserts)
			Map<String, Object> c = new HashMap<>( copied.get( i ) );
			Map<String, Object> u = new HashMap<>( unnested.get( i ) );
			for ( String timestamp : List.of( "happened", "seen", "stamp" ) ) {
				c.remove( timestamp );
				u.remove( timestamp );
			}
			assertThat( c ).as( "row %d", i ).isEqualTo( u );
		}
		db.execute( "TRUNCATE copytyped" );
		db.inTransaction( em -> {
			for ( int i = 0; i < 12; i++ ) {
				// one row: one bind parameter per value
				PgExtraEntityManager.of( em ).upsert( CopyTyped.class, CODE, row( i ) );
			}
		} );
		List<Map<String, Object>> single = db.rows( ROWS_AS_TEXT );
		Map<String, Map<String, Object>> copiedByCode = new HashMap<>();
		for ( Map<String, Object> r : copied ) {
			copiedByCode.put( (String) r.get( "code" ), r );
		}
		for ( Map<String, Object> r : single ) {
			assertThat( copiedByCode.get( r.get( "code" ) ) ).as( "row %s", r.get( "code" ) ).isEqualTo( r );
		}

		// and as given: spot checks against the values themselves
		Map<String, Map<String, Object>> byCode = new HashMap<>();
		for ( Map<String, Object> r : copied ) {
			byCode.put( (String) r.get( "code" ), r );
		}
		for ( int i = 0; i < 40; i++ ) {
			Map<String, Object> given = row( i );
			Map<String, Object> read = byCode.get( given.get( "code" ) );
			if ( i == 7 ) {
				assertThat( read.values().stream().filter( v -> v != null ).count() ).as( "only the code" ).isEqualTo( 1 );
				continue;
			}
			assertThat( ( (Number) read.get( "small" ) ).shortValue() ).isEqualTo( given.get( "small" ) );
			assertThat( ( (Number) read.get( "medium" ) ).intValue() ).isEqualTo( given.get( "medium" ) );
			assertThat( ( (Number) read.get( "large" ) ).longValue() ).isEqualTo( given.get( "large" ) );
			assertThat( read.get( "flag" ) ).isEqualTo( given.get( "flag" ) );
			assertThat( Float.valueOf( (String) read.get( "ratio" ) ) ).isEqualTo( given.get( "ratio" ) );
			assertThat( Double.valueOf( (String) read.get( "dbl" ) ) ).isEqualTo( given.get( "dbl" ) );
			// numeric keeps the scale as given (1.50 stays 1.50); 1E+5 is 100000
			assertThat( read.get( "amount" ) ).isEqualTo( ( (BigDecimal) given.get( "amount" ) ).scale() < 0
					? ( (BigDecimal) given.get( "amount" ) ).setScale( 0 ).toPlainString()
					: ( (BigDecimal) given.get( "amount" ) ).toPlainString() );
			assertThat( read.get( "price" ) ).isEqualTo( ( (BigDecimal) given.get( "price" ) ).toPlainString() );
			assertThat( read.get( "body" ) ).isEqualTo( given.get( "body" ) );
			assertThat( read.get( "ref" ) ).isEqualTo( given.get( "ref" ).toString() );
			assertThat( read.get( "day" ) ).isEqualTo( given.get( "day" ).toString() );
		}
		// microsecond rounding, half up
		assertThat( byCode.get( "k000000" ).get( "happened" ) ).isEqualTo( "2024-03-01 00:59:59.123457" ); // -01:00
		assertThat( byCode.get( "k000001" ).get( "happened" ) ).isEqualTo( "2024-03-01 00:00:59.123456" ); // +00:00
		assertThat( byCode.get( "k000002" ).get( "happened" ) ).isEqualTo( "2024-02-29 23:02:00.000000" ); // +01:00
		assertThat( byCode.get( "k000002" ).get( "stamp" ) ).isEqualTo( "1999-12-30 20:13:55.000000" );
		assertThat( byCode.get( "k000004" ).get( "seen" ) ).isEqualTo( "1930-01-11 04:00:04.123457" );
		assertThat( byCode.get( "k000005" ).get( "amount" ) ).isEqualTo( "-9999.9999" );
		assertThat( byCode.get( "k000002" ).get( "amount" ) ).isEqualTo( "12345678901234567890.0123456789" );
		assertThat( byCode.get( "k000003" ).get( "amount" ) ).isEqualTo( "100000" );
		assertThat( byCode.get( "k000004" ).get( "amount" ) ).isEqualTo( "0.00001234" );
		assertThat( byCode.get( "k000000" ).get( "body" ) ).isEqualTo( "héllo ✓ 𝄞0" );
	}

	@Test
	void resultsAndOutcomesMatchTheUnnestPath() {
		List<List<Object>> copied = outcomes( true );
		List<List<Object>> unnested = outcomes( false );
		assertThat( copied ).isEqualTo( unnested );
		assertThat( copied.stream().map( r -> r.get( 1 ) ).distinct() )
				.containsExactlyInAnyOrder( RowOutcome.INSERTED, RowOutcome.UPDATED, RowOutcome.UNCHANGED );
	}

	/**
	 * Half the keys present; the call updates rows whose {@code medium} grows (a WHERE on DO UPDATE leaves the others
	 * alone: UNCHANGED), inserts the rest.
	 * @return per input row: the code of the row its id names, its outcome
	 */
	private List<List<Object>> outcomes(boolean copy) {
		db.execute( "TRUNCATE copytyped" );
		List<Map<String, Object>> present = new ArrayList<>();
		for ( int i = 0; i < COPY_ROWS; i += 2 ) {
			Map<String, Object> r = new HashMap<>();
			r.put( "code", String.format( "k%06d", i ) );
			r.put( "medium", 1000 );
			present.add( r );
		}
		db.inTransaction( em -> upsert( em, present.subList( 0, 5_000 ) ) );
		db.inTransaction( em -> upsert( em, present.subList( 5_000, 10_000 ) ) );
		List<Map<String, Object>> rows = new ArrayList<>();
		for ( int i = 0; i < COPY_ROWS; i++ ) {
			Map<String, Object> r = new HashMap<>();
			r.put( "code", String.format( "k%06d", i ) );
			r.put( "medium", i % 4 == 0 ? 2000 : 10 );
			rows.add( r );
		}
		Collections.shuffle( rows, new Random( 7 ) );
		db.clearSql();
		List<ConflictResult> results = db.fromTransaction( em -> {
			List<ConflictResult> all = new ArrayList<>();
			int step = copy ? COPY_ROWS : COPY_ROWS / 2;
			for ( int from = 0; from < rows.size(); from += step ) {
				all.addAll( PgExtraEntityManager.of( em ).onConflict( CopyTyped.class, CODE )
						.doUpdate().where( existing( "medium" ).lt( excluded( "medium" ) ) )
						.bulkInsertMapsForResults( rows.subList( from, from + step ) ) );
			}
			return all;
		} );
		assertThat( copies() ).isEqualTo( copy ? 1 : 0 );
		Map<Long, String> codes = new HashMap<>();
		for ( Map<String, Object> r : db.rows( "SELECT id, code, medium FROM copytyped" ) ) {
			codes.put( ( (Number) r.get( "id" ) ).longValue(), (String) r.get( "code" ) );
		}
		List<List<Object>> out = new ArrayList<>();
		for ( int i = 0; i < rows.size(); i++ ) {
			ConflictResult result = results.get( i );
			assertThat( codes.get( (Long) result.id() ) ).as( "row %d's id", i ).isEqualTo( rows.get( i ).get( "code" ) );
			out.add( List.of( rows.get( i ).get( "code" ), result.outcome() ) );
		}
		assertThat( db.rows( "SELECT count(*) AS n FROM copytyped WHERE medium = 2000" ).get( 0 ).get( "n" ) )
				.isEqualTo( 5_000L );
		return out;
	}

	@Test
	void doNothingReturnsTheExistingRowsIds() {
		db.inTransaction( em -> upsert( em, rows( 0, 5_000 ) ) );
		Map<String, Long> before = new HashMap<>();
		for ( Map<String, Object> r : db.rows( "SELECT id, code FROM copytyped" ) ) {
			before.put( (String) r.get( "code" ), ( (Number) r.get( "id" ) ).longValue() );
		}
		List<Map<String, Object>> rows = rows( 0, COPY_ROWS );
		db.clearSql();
		List<ConflictResult> results = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( CopyTyped.class, CODE, ConflictAction.NOTHING ).bulkInsertMapsForResults( rows ) );
		assertThat( copies() ).isEqualTo( 1 );
		for ( int i = 0; i < rows.size(); i++ ) {
			Long existing = before.get( rows.get( i ).get( "code" ) );
			if ( existing != null ) {
				assertThat( results.get( i ).id() ).isEqualTo( existing );
				assertThat( results.get( i ).outcome() ).isEqualTo( RowOutcome.UNCHANGED );
			}
			else {
				assertThat( results.get( i ).outcome() ).isEqualTo( RowOutcome.INSERTED );
			}
		}
		assertThat( db.count( "copytyped" ) ).isEqualTo( COPY_ROWS );
	}

	@Test
	void duplicateKeysFailAsBefore() {
		List<Map<String, Object>> rows = rows( 0, COPY_ROWS );
		rows.add( row( 3 ) );
		assertThatThrownBy( () -> db.inTransaction( em -> upsert( em, rows ) ) )
				.isInstanceOf( DuplicateConflictKeyException.class );
		assertThat( db.count( "copytyped" ) ).isZero();
	}

	@Test
	void aConstraintViolationFailsAsOnTheUnnestPathAndMarksRollback() {
		db.execute( "ALTER TABLE copytyped ADD CONSTRAINT copytyped_medium_check CHECK (medium IS NULL OR medium > -2000000000 OR code < 'k000100')" );
		List<Map<String, Object>> rows = rows( 0, COPY_ROWS );
		Map<String, Object> bad = new HashMap<>( row( 15_000 ) );
		bad.put( "medium", Integer.MIN_VALUE );
		rows.set( rows.indexOf( row( 15_000 ) ), bad );
		Class<?> copied = failThenRollBack( rows );
		assertThat( copies() ).isEqualTo( 1 );
		db.clearSql();
		Class<?> unnested = failThenRollBack( rows.subList( 0, COPY_ROWS / 2 + 1 ).contains( bad )
				? rows.subList( 0, COPY_ROWS / 2 + 1 ) : rows.subList( COPY_ROWS / 2 - 1, COPY_ROWS ) );
		assertThat( copies() ).isZero();
		assertThat( copied ).isEqualTo( unnested ).isEqualTo( org.hibernate.exception.ConstraintViolationException.class );
		assertThat( db.count( "copytyped" ) ).isZero();
	}

	private Class<?> failThenRollBack(List<Map<String, Object>> rows) {
		EntityManager em = db.emf().createEntityManager();
		EntityTransaction tx = em.getTransaction();
		try {
			tx.begin();
			Throwable failure = null;
			try {
				upsert( em, rows );
			}
			catch (RuntimeException e) {
				failure = e;
			}
			assertThat( failure ).as( "failed" ).isNotNull();
			assertThat( failure.getMessage() ).contains( "copytyped_medium_check" );
			assertThat( tx.getRollbackOnly() ).as( "marked for rollback" ).isTrue();
			try {
				tx.commit();
			}
			catch (RollbackException expected) {
				// JPA compliance says the same thing this way
			}
			return failure.getClass();
		}
		finally {
			if ( tx.isActive() ) {
				tx.rollback();
			}
			em.close();
		}
	}

	@Test
	void aColumnCopyCannotEncodeKeepsTheUnnestPath() {
		List<Map<String, Object>> rows = rows( 0, COPY_ROWS );
		rows.forEach( r -> r.put( "mood", Mood.GRUMPY ) ); // an enum: converted by Hibernate, not encoded by COPY
		db.inTransaction( em -> upsert( em, rows ) );
		assertThat( copies() ).isZero();
		assertThat( db.sql().stream().filter( sql -> sql.contains( "unnest(" ) ).count() ).isEqualTo( 2 );
		assertThat( db.count( "copytyped" ) ).isEqualTo( COPY_ROWS );
	}

	@Test
	void aValueCopyCannotEncodeSendsItsChunkThroughUnnest() {
		List<Map<String, Object>> rows = rows( 0, COPY_ROWS );
		// year 1 BC: outside the years COPY encodes (1 to 9999), left to the driver's conversion
		rows.get( 5 ).put( "day", LocalDate.of( 0, 6, 1 ) );
		db.inTransaction( em -> upsert( em, rows ) );
		assertThat( copies() ).isZero();
		// the whole call went as before: unnest (which stores this date as 0001-06-01, AD: not COPY's concern)
		assertThat( db.sql().stream().filter( sql -> sql.contains( "unnest(" ) ).count() ).isEqualTo( 2 );
		Map<String, Object> other = rows.get( rows.get( 6 ).get( "day" ) == null ? 8 : 6 );
		assertThat( db.rows( "SELECT day::text AS day FROM copytyped WHERE code = ?", other.get( "code" ) ) )
				.containsExactly( Map.of( "day", other.get( "day" ).toString() ) );
		assertThat( db.count( "copytyped" ) ).isEqualTo( COPY_ROWS );
	}

	@Test
	void twoCallsInOneTransactionAndACallAfterARollback() {
		db.inTransaction( em -> {
			upsert( em, rows( 0, COPY_ROWS ) );
			upsert( em, rows( COPY_ROWS, 2 * COPY_ROWS ) );
			// the temporary table is gone after each call
			assertThat( ( (Number) em.createNativeQuery( "SELECT count(*) FROM pg_class WHERE relname = 'pgx_copy_in'"
					+ " AND relpersistence = 't'" ).getSingleResult() ).longValue() ).isZero();
		} );
		assertThat( copies() ).isEqualTo( 2 );
		assertThat( db.count( "copytyped" ) ).isEqualTo( 2L * COPY_ROWS );

		db.execute( "TRUNCATE copytyped" );
		assertThatThrownBy( () -> db.inTransaction( em -> {
			upsert( em, rows( 0, COPY_ROWS ) );
			throw new IllegalStateException( "rolled back" );
		} ) ).hasMessage( "rolled back" );
		List<ConflictResult> results = db.fromTransaction( em -> upsert( em, rows( 0, COPY_ROWS ) ) );
		assertThat( results ).extracting( ConflictResult::outcome ).containsOnly( RowOutcome.INSERTED );
		assertThat( db.count( "copytyped" ) ).isEqualTo( COPY_ROWS );
	}
}
