package io.pgextra.hibernate.test.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictSettings;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.model.MyModel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ConflictSettings#COPY_THRESHOLD} 0: no call goes through COPY.
 */
class CopyOffSettingTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( MyModel.class )
			.property( "hibernate.physical_naming_strategy", "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy" )
			.property( ConflictSettings.COPY_THRESHOLD, 0 );

	private static final ConflictTarget MYFIELD = ConflictTarget.attributes( "myfield" );

	private static List<Map<String, Object>> rows(int n) {
		List<Map<String, Object>> rows = new ArrayList<>();
		for ( int i = 0; i < n; i++ ) {
			rows.add( Map.of( "myfield", "k" + i, "note", "n" + i ) );
		}
		return rows;
	}

	private static long copies(PgExtension db) {
		return db.sql().stream().filter( sql -> sql.startsWith( "CREATE TEMP TABLE" ) ).count();
	}

	@Test
	void zeroNeverCopies() {
		db.clearSql();
		db.inTransaction( em -> PgExtraEntityManager.of( em ).bulkUpsertMaps( MyModel.class, MYFIELD,
				rows( ConflictSettings.DEFAULT_COPY_THRESHOLD ) ) );
		assertThat( copies( db ) ).isZero();
		assertThat( db.count( "my_model" ) ).isEqualTo( ConflictSettings.DEFAULT_COPY_THRESHOLD );
	}
}
