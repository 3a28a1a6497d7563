package io.pgextra.hibernate.hstore;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keys that every row's hstore value must have, with a non-{@code NULL} value: the hstore counterpart of
 * {@code NOT NULL}.
 * <pre>{@code
 * @Type(PostgreSQLHStoreType.class)
 * @Column(columnDefinition = "hstore")
 * @HStoreRequired({ "en", "ar" })
 * private Map<String, String> name;
 * }</pre>
 * The schema export creates one {@code CHECK} constraint per key, named {@code <table>_<column>_required_<key>}
 * (with a hash where {@link HStoreUnique} says):
 * <pre>{@code
 * alter table my_model add constraint "my_model_name_required_en" check ((name -> 'en') is not null)
 * }</pre>
 * A row whose column is {@code NULL} fails it too, since it has no key at all.
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.METHOD })
public @interface HStoreRequired {

	/**
	 * @return the required keys (at least one)
	 */
	String[] value();
}
