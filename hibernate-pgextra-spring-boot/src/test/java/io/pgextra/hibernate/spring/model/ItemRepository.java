package io.pgextra.hibernate.spring.model;

import io.pgextra.hibernate.spring.PgExtraRepository;

import org.springframework.data.jpa.repository.JpaRepository;

public interface ItemRepository extends JpaRepository<Item, Long>, PgExtraRepository<Item, Long> {
}
