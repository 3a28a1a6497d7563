package io.pgextra.hibernate.test.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.conflict.model.Digest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A binary ({@code byte[]}, bytea) conflict key is sent in one order whatever the input order and whichever arrays
 * hold the bytes (the order of the bytes, compared signed as {@code ByteBuffer} does: one total order, not
 * PostgreSQL's), so two calls upserting the same digests cannot deadlock.
 */
class BinaryKeyOrderTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Digest.class );

	private static final ConflictTarget SHA = ConflictTarget.attributes( "sha" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE digest" );
		db.execute( "ALTER TABLE digest DROP COLUMN IF EXISTS written" );
		// a column the database fills in the order it writes rows (inserts and updates alike)
		db.execute( "CREATE SEQUENCE IF NOT EXISTS digest_written" );
		db.execute( "ALTER TABLE digest ADD COLUMN written bigint DEFAULT nextval('digest_written')" );
	}

	private static List<String> written() {
		List<String> order = new ArrayList<>();
		for ( Map<String, Object> row : db.rows( "SELECT encode(sha, 'hex') AS sha FROM digest ORDER BY written" ) ) {
			order.add( (String) row.get( "sha" ) );
		}
		return order;
	}

	@Test
	void rowsAreSentInTheOrderOfTheirBytesWhateverTheInputOrder() {
		Random random = new Random( 7 );
		List<byte[]> keys = new ArrayList<>();
		for ( int i = 0; i < 200; i++ ) {
			byte[] sha = new byte[8];
			random.nextBytes( sha );
			keys.add( sha );
		}
		List<String> sorted = new ArrayList<>();
		keys.stream().map( java.nio.ByteBuffer::wrap ).sorted()
				.forEach( k -> sorted.add( HexFormat.of().formatHex( k.array() ) ) );
		for ( int round = 0; round < 2; round++ ) {
			Collections.shuffle( keys, random );
			List<Map<String, Object>> rows = new ArrayList<>();
			for ( byte[] key : keys ) {
				// a copy: equal bytes in another array, as a second call would give them
				rows.add( Map.of( "sha", key.clone(), "hits", round ) );
			}
			db.inTransaction( em -> PgExtraEntityManager.of( em ).bulkUpsertMaps( Digest.class, SHA, rows ) );
			if ( round == 0 ) {
				assertThat( written() ).as( "inserted" ).containsExactlyElementsOf( sorted );
				db.execute( "UPDATE digest SET written = NULL" );
				db.execute( "ALTER TABLE digest ALTER COLUMN written DROP DEFAULT" );
				db.execute( "CREATE OR REPLACE FUNCTION digest_stamp() RETURNS trigger LANGUAGE plpgsql AS"
						+ " $$ BEGIN NEW.written := nextval('digest_written'); RETURN NEW; END $$" );
				db.execute( "CREATE TRIGGER digest_stamp BEFORE UPDATE ON digest FOR EACH ROW EXECUTE FUNCTION digest_stamp()" );
			}
		}
		assertThat( written() ).as( "updated" ).containsExactlyElementsOf( sorted );
		assertThat( db.rows( "SELECT DISTINCT hits FROM digest" ) ).containsExactly( Map.of( "hits", 1 ) );
	}
}
