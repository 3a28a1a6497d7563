package io.pgextra.hibernate.test.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictSettings;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.model.MyModel;

import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import jakarta.persistence.EntityManager;

/**
 * A role that may not create temporary tables (a hardened database revokes {@code TEMPORARY} from {@code PUBLIC}):
 * a call above the COPY threshold takes the unnest path instead of failing on {@code CREATE TEMP TABLE}.
 * Superusers pass every privilege check, so the call runs as a role of its own.
 */
class CopyWithoutTempPrivilegeTest {

	private static final String ROLE = "pgx_no_temp";

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( MyModel.class )
			.property( "hibernate.physical_naming_strategy", "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy" )
			.property( ConflictSettings.COPY_THRESHOLD, "10" );

	@Test
	void aRoleWithoutTheTemporaryPrivilegeUpsertsThroughArrays() {
		// a role and a changed database privilege: not through a transaction pooler, whose users are configured apart
		assumeFalse( db.database().transactionPooled(), "a role of its own needs a direct connection" );
		String schema = db.schema();
		String database = db.jdbc( c -> {
			try ( var st = c.createStatement(); var rs = st.executeQuery( "SELECT current_database()" ) ) {
				rs.next();
				return rs.getString( 1 );
			}
		} );
		db.execute( "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + ROLE + "') THEN"
				+ " CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + ROLE + "'; END IF; END $$" );
		db.execute( "GRANT USAGE ON SCHEMA " + schema + " TO " + ROLE );
		db.execute( "GRANT ALL ON ALL TABLES IN SCHEMA " + schema + " TO " + ROLE );
		db.execute( "GRANT ALL ON ALL SEQUENCES IN SCHEMA " + schema + " TO " + ROLE );
		db.execute( "REVOKE TEMPORARY ON DATABASE \"" + database + "\" FROM PUBLIC" );
		List<String> sql = Collections.synchronizedList( new ArrayList<>() );
		try ( SessionFactory restricted = new HibernatePersistenceConfiguration( "pgextra-no-temp" )
				.managedClass( MyModel.class )
				// without the user the harness's URL may carry (the embedded server's does): the role's own
				.jdbcUrl( db.database().jdbcUrl( schema + ",public" ).replaceAll( "(?i)([?&])(user|password)=[^&]*", "$1" ) )
				.jdbcCredentials( ROLE, ROLE )
				.jdbcPoolSize( 1 )
				.defaultSchema( schema )
				.statementInspector( s -> {
					sql.add( s );
					return s;
				} )
				.property( "hibernate.physical_naming_strategy", "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy" )
				.property( AvailableSettings.HBM2DDL_AUTO, "none" )
				.property( ConflictSettings.COPY_THRESHOLD, "10" )
				.createEntityManagerFactory().unwrap( SessionFactory.class ) ) {
			List<Map<String, Object>> rows = new ArrayList<>();
			for ( int i = 0; i < 30; i++ ) {
				rows.add( Map.of( "myfield", "k" + i, "note", "n" + i ) );
			}
			EntityManager em = restricted.createEntityManager();
			try {
				em.getTransaction().begin();
				assertThat( em.createNativeQuery( "SELECT current_user", String.class ).getSingleResult() ).isEqualTo( ROLE );
				List<Map<String, Object>> written = PgExtraEntityManager.of( em ).bulkUpsertMaps( MyModel.class,
						ConflictTarget.attributes( "myfield" ), rows );
				em.getTransaction().commit();
				assertThat( written ).extracting( row -> row.get( "id" ) ).doesNotContainNull().doesNotHaveDuplicates()
						.hasSize( 30 );
			}
			finally {
				em.close();
			}
		}
		finally {
			db.execute( "GRANT TEMPORARY ON DATABASE \"" + database + "\" TO PUBLIC" );
			db.execute( "DROP OWNED BY " + ROLE );
		}
		assertThat( sql ).noneMatch( s -> s.startsWith( "CREATE TEMP TABLE" ) );
		assertThat( db.count( "my_model" ) ).isEqualTo( 30 );

		// the same call as a role that may: COPY (the threshold is 10 rows here)
		db.clearSql();
		db.inTransaction( em -> PgExtraEntityManager.of( em ).bulkUpsertMaps( MyModel.class,
				ConflictTarget.attributes( "myfield" ), List.of( Map.of( "myfield", "a" ), Map.of( "myfield", "b" ),
						Map.of( "myfield", "c" ), Map.of( "myfield", "d" ), Map.of( "myfield", "e" ), Map.of( "myfield", "f" ),
						Map.of( "myfield", "g" ), Map.of( "myfield", "h" ), Map.of( "myfield", "i" ), Map.of( "myfield", "j" ) ) ) );
		assertThat( db.sql() ).anyMatch( s -> s.startsWith( "CREATE TEMP TABLE" ) );
	}
}
